import { z } from 'zod';
import { MemoryId } from '../../ids/index.js';
import { type Memory, MemoryKind } from '../../stores/memory-store.js';
import { defineTool, ToolError, type ToolContext } from '../../tools/tool.js';
import { defineCapability } from '../capability.js';
import { modelFacing } from './surface-as-tool-error.js';

const kind = MemoryKind.describe('fact, preference, correction, procedure or context.');

function shown(memory: Memory) {
  return {
    id: memory.id,
    content: memory.content,
    kind: memory.kind,
    importance: memory.importance,
    tags: memory.tags,
    createdAt: memory.createdAt,
  };
}

/** `remember`: stores a memory for the owner scope (the org) that later sessions can recall. */
export const rememberTool = defineTool({
  name: 'remember',
  displayName: 'Remember',
  description: 'Save something worth knowing in later conversations: a fact, a preference, a correction, a procedure or context.',
  parameters: z.object({
    content: z.string().min(1).max(2000).describe('What to remember, up to 2000 characters.'),
    kind: kind.default('fact'),
    importance: z.number().int().min(1).max(10).default(5).describe('1 (trivia) to 10 (critical). Defaults to 5.'),
    tags: z.array(z.string().min(1).max(64)).max(10).default([]).describe('Up to 10 tags to find it by.'),
  }),
  execute: async (args, context: ToolContext) => {
    const memory = await modelFacing(() => context.memory.remember(context.memoryScope, args));
    return { remembered: true, memory: shown(memory) };
  },
});

/** `recall`: finds memories by text, tags and kind, most important and newest first. */
export const recallTool = defineTool({
  name: 'recall',
  displayName: 'Recall',
  description: 'Look up saved memories. Every given filter must match; with none, the most important memories come back.',
  parameters: z.object({
    query: z.string().max(2000).optional().describe('Text the memory contains (case-insensitive).'),
    tags: z.array(z.string()).max(10).optional().describe('Tags the memory must all have.'),
    kind: kind.optional(),
    limit: z.number().int().min(1).max(50).default(10).describe('At most this many, 1-50. Defaults to 10.'),
  }),
  hints: { readonly: true },
  execute: async (args, context: ToolContext) => {
    const { memories, total } = await modelFacing(() => context.memory.recall(context.memoryScope, args));
    return { memories: memories.map(shown), count: memories.length, total };
  },
});

/** `forget`: deletes a memory by id; `forgotten` is false when it did not exist. */
export const forgetTool = defineTool({
  name: 'forget',
  displayName: 'Forget',
  description: 'Delete a saved memory by its id (from remember or recall).',
  parameters: z.object({ id: z.string().describe('The memory id, e.g. mem_0190f3c2a1b27c3d8e9f00112233aabb.') }),
  hints: { destructive: true, idempotent: true },
  execute: async ({ id }, context: ToolContext) => {
    if (!MemoryId.is(id)) throw new ToolError(`Invalid memory id: ${JSON.stringify(id)}; use an id from remember or recall (mem_ followed by 32 hex characters)`);
    return { id, forgotten: await modelFacing(() => context.memory.forget(context.memoryScope, id)) };
  },
});

const PROMPT = `You have a long-term memory that outlives this conversation. Use \`remember\` for durable facts, preferences and corrections the user gives you, \`recall\` before answering questions they may already have answered, and \`forget\` when something turns out wrong. Never store secrets in memory.`;

/** `memory`: persistent memory tools over the runtime's `MemoryStore`, scoped by `ToolContext.memoryScope`. */
export const memoryCapability = defineCapability<never>({
  id: 'memory',
  name: 'Persistent Memory',
  description: 'Lets the agent remember facts, preferences and corrections across sessions.',
  category: 'Memory',
  icon: 'brain',
  systemPrompt: PROMPT,
  tools: [rememberTool, recallTool, forgetTool],
});
