import { z } from 'zod';
import { toolJsonSchema } from '../../tools/tool-definition-of.js';
import { defineTool, ToolError } from '../../tools/tool.js';
import { defineCapability } from '../capability.js';

const STATUSES = ['pending', 'in_progress', 'completed'] as const;
type TodoStatus = (typeof STATUSES)[number];

/** One task as `write_todos` returns it. */
export interface Todo {
  content: string;
  activeForm: string;
  status: TodoStatus;
}

const advertised = z.strictObject({
  todos: z
    .array(
      z.object({
        content: z.string().min(1).describe("What to do, as an imperative (e.g. 'Update the changelog')"),
        activeForm: z
          .string()
          .min(1)
          .describe("The same task in the -ing form, shown while it runs (e.g. 'Updating the changelog')"),
        status: z.enum(STATUSES).describe('Where the task stands'),
      }),
    )
    .describe('The whole list; it replaces the previous one'),
});

// Accept anything so the tool itself reports the precise, 1-based error the model can fix.
const accepted = z.object({ todos: z.unknown().optional() });

const NO_TASK_IN_PROGRESS = "No task is marked as 'in_progress' while some are pending: mark the one you are working on.";
const SEVERAL_IN_PROGRESS = "Multiple tasks are marked as 'in_progress': keep exactly one in progress at a time.";

function nonEmptyString(todo: unknown, field: string): string | undefined {
  const value = typeof todo === 'object' && todo !== null ? (todo as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function validTodo(todo: unknown, index: number): Todo {
  const task = `Task ${index + 1}`;
  const content = nonEmptyString(todo, 'content');
  if (content === undefined) throw new ToolError(`${task} is missing or has empty 'content' field`);
  const activeForm = nonEmptyString(todo, 'activeForm');
  if (activeForm === undefined) throw new ToolError(`${task} is missing or has empty 'activeForm' field`);
  const status = (todo as Record<string, unknown>).status;
  if (status === undefined || status === null) throw new ToolError(`${task} is missing 'status' field`);
  if (!STATUSES.includes(status as TodoStatus)) {
    throw new ToolError(`${task} has invalid status '${String(status)}'. Must be 'pending', 'in_progress', or 'completed'`);
  }
  return { content, activeForm, status: status as TodoStatus };
}

/**
 * `write_todos`: replaces the whole task list. Nothing is stored: the list
 * lives in the conversation (each call's arguments and result).
 */
export const writeTodosTool = defineTool({
  name: 'write_todos',
  displayName: 'Write Todos',
  description:
    "Write the task list for multi-step work, replacing the previous list. Each task has 'content' (an imperative), 'activeForm' (the -ing form shown while it runs) and 'status' (pending, in_progress or completed). Keep one task in_progress.",
  parameters: accepted,
  jsonSchema: toolJsonSchema(advertised),
  hints: { idempotent: true },
  execute: ({ todos }) => {
    if (todos === undefined) throw new ToolError("Missing required field: 'todos'");
    if (!Array.isArray(todos)) throw new ToolError("Invalid 'todos' field: expected an array");
    const validated = todos.map(validTodo);
    const count = (status: TodoStatus) => validated.filter((t) => t.status === status).length;
    const pending = count('pending');
    const inProgress = count('in_progress');
    const warning = inProgress === 0 && pending > 0 ? NO_TASK_IN_PROGRESS : inProgress > 1 ? SEVERAL_IN_PROGRESS : undefined;
    return {
      success: true,
      totalTasks: validated.length,
      pending,
      inProgress,
      completed: count('completed'),
      todos: validated,
      ...(warning !== undefined && { warning }),
    };
  },
});

const PROMPT = `Track multi-step work with \`write_todos\` when a request needs three or more distinct steps; skip it for small or single-step requests.
Every call sends the complete list, which replaces the last one. Keep exactly one task \`in_progress\`, and mark a task \`completed\` only when it is truly finished (nothing failing, nothing left open).`;

/** `stateless_todo_list`: the `write_todos` tool plus guidance on using it. */
export const statelessTodoListCapability = defineCapability<never>({
  id: 'stateless_todo_list',
  name: 'Task Management',
  description:
    'Enables agents to create and manage structured task lists for tracking multi-step work progress. State is maintained in conversation history.',
  category: 'Productivity',
  icon: 'list-checks',
  systemPrompt: PROMPT,
  tools: [writeTodosTool],
});
