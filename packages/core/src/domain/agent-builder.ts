import { AgentId } from '../ids/index.js';
import { Agent } from './agent.js';
import { NamedEntityBuilder, type NamedEntityDraft, type ToolDefinitionInput } from './entity-builder.js';

interface AgentDraft extends NamedEntityDraft {
  maxIterations?: number;
  tools?: ToolDefinitionInput[];
}

/**
 * Fluent builder of an {@link Agent}. The id defaults to a new
 * `AgentId.generate()`, status to `active`, timestamps to now.
 *
 * @example
 * const agent = AgentBuilder.create('helper', 'Be brief.').maxIterations(10).build();
 */
export class AgentBuilder extends NamedEntityBuilder<AgentDraft, Agent> {
  private constructor(name: string, systemPrompt: string) {
    super({ id: AgentId.generate(), name, systemPrompt }, Agent, 'agent');
  }

  /** Starts an agent with its name and persona prompt. */
  static create(name: string, systemPrompt = ''): AgentBuilder {
    return new AgentBuilder(name, systemPrompt);
  }

  /** Pins the id (e.g. `AgentId.fromSeed(1)` in tests). */
  id(id: AgentId): this {
    this.draft.id = id;
    return this;
  }

  /** Caps the reason iterations of each turn (a positive integer). */
  maxIterations(maxIterations: number): this {
    this.draft.maxIterations = maxIterations;
    return this;
  }

  /** Adds an explicit tool definition (builtin reference or client-side tool). */
  tool(definition: ToolDefinitionInput): this {
    this.draft.tools = [...(this.draft.tools ?? []), definition];
    return this;
  }

  /** Replaces the explicit tool definitions. */
  tools(definitions: readonly ToolDefinitionInput[]): this {
    this.draft.tools = [...definitions];
    return this;
  }
}
