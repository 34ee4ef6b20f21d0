import { type AgentId, type HarnessId, type ModelId, type PrincipalId, SessionId } from '../ids/index.js';
import { EntityBuilder, type EntityDraft, type ToolDefinitionInput } from './entity-builder.js';
import { Session } from './session.js';
import type { SessionStatus } from './status.js';

interface SessionDraft extends EntityDraft {
  id: string;
  harnessId: string;
  agentId?: string;
  ownerPrincipalId?: string;
  title?: string;
  locale?: string;
  modelId?: string;
  systemPrompt?: string;
  tools?: ToolDefinitionInput[];
  maxIterations?: number;
  status?: SessionStatus;
}

/**
 * Fluent builder of a {@link Session}. The id defaults to a new
 * `SessionId.generate()`, the owner to `PrincipalId.fromSeed(1)`, status to
 * `started`, timestamps to now.
 *
 * @example
 * const session = SessionBuilder.create(harness.id).agent(agent.id).locale('fr-FR').build();
 */
export class SessionBuilder extends EntityBuilder<SessionDraft, Session> {
  private constructor(harnessId: HarnessId) {
    super({ id: SessionId.generate(), harnessId }, Session, 'session');
  }

  /** Starts a session bound to a harness. */
  static create(harnessId: HarnessId): SessionBuilder {
    return new SessionBuilder(harnessId);
  }

  /** Pins the id. */
  id(id: SessionId): this {
    this.draft.id = id;
    return this;
  }

  harness(harnessId: HarnessId): this {
    this.draft.harnessId = harnessId;
    return this;
  }

  /** Binds an agent (a session may run with none). */
  agent(agentId: AgentId): this {
    this.draft.agentId = agentId;
    return this;
  }

  owner(principalId: PrincipalId): this {
    this.draft.ownerPrincipalId = principalId;
    return this;
  }

  title(title: string): this {
    this.draft.title = title;
    return this;
  }

  /** The preferred answer locale, e.g. `fr-FR`. */
  locale(locale: string): this {
    this.draft.locale = locale;
    return this;
  }

  /** Session-level model override (the session layer's default model). */
  model(modelId: ModelId): this {
    this.draft.modelId = modelId;
    return this;
  }

  /** Appended to the harness and agent prompts by the overlay fold. */
  systemPrompt(systemPrompt: string): this {
    this.draft.systemPrompt = systemPrompt;
    return this;
  }

  /** Adds an explicit tool definition. */
  tool(definition: ToolDefinitionInput): this {
    this.draft.tools = [...(this.draft.tools ?? []), definition];
    return this;
  }

  /** Replaces the explicit tool definitions. */
  tools(definitions: readonly ToolDefinitionInput[]): this {
    this.draft.tools = [...definitions];
    return this;
  }

  /** Caps the reason iterations of each turn (a positive integer). */
  maxIterations(maxIterations: number): this {
    this.draft.maxIterations = maxIterations;
    return this;
  }

  status(status: SessionStatus): this {
    this.draft.status = status;
    return this;
  }
}
