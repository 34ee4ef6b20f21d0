import { type Agent, Agent as AgentSchema } from '../domain/agent.js';
import type { CapabilityConfig } from '../domain/capability-config.js';
import { type Harness, Harness as HarnessSchema } from '../domain/harness.js';
import type { InitialFileInput } from '../domain/initial-file.js';
import type { NetworkAccessList } from '../domain/network-access.js';
import { type Session, Session as SessionSchema } from '../domain/session.js';
import type { ToolDefinition } from '../domain/tool-definition.js';
import { parseOrThrow as parse } from '../validation.js';
import { AgentId, HarnessId, type ModelId, SessionId } from '../ids/index.js';

type Layer = {
  name: string;
  systemPrompt: string;
  displayName?: string;
  description?: string;
  capabilities: CapabilityConfig[];
  initialFiles: InitialFileInput[];
  networkAccess?: Partial<NetworkAccessList>;
  defaultModelId?: ModelId;
  tags: string[];
};

/**
 * One-call set-up of a harness, an optional agent and a session bound to
 * them, for embedded use. Setters may be called in any order.
 *
 * @example
 * builder.singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math').agentMaxIterations(8))
 */
export class SingleSessionBuilder {
  readonly #harness: Layer = { name: 'embedded-harness', systemPrompt: '', capabilities: [], initialFiles: [], tags: [] };
  readonly #agent: Layer & { maxIterations?: number; tools: ToolDefinition[] } = {
    name: 'embedded-agent',
    systemPrompt: '',
    capabilities: [],
    initialFiles: [],
    tags: [],
    tools: [],
  };
  #withAgent = true;
  readonly #session: {
    id?: SessionId;
    title?: string;
    locale?: string;
    modelId?: ModelId;
    maxIterations?: number;
    capabilities: CapabilityConfig[];
    tools: ToolDefinition[];
    initialFiles: InitialFileInput[];
    networkAccess?: Partial<NetworkAccessList>;
    tags: string[];
  } = { capabilities: [], tools: [], initialFiles: [], tags: [] };

  harness(name: string, systemPrompt = ''): this {
    this.#harness.name = name;
    this.#harness.systemPrompt = systemPrompt;
    return this;
  }
  agent(name: string, systemPrompt = ''): this {
    this.#agent.name = name;
    this.#agent.systemPrompt = systemPrompt;
    this.#withAgent = true;
    return this;
  }
  /** Runs the session on the harness alone (no agent entity). */
  withoutAgent(): this {
    this.#withAgent = false;
    return this;
  }
  harnessDisplayName(value: string): this {
    this.#harness.displayName = value;
    return this;
  }
  harnessDescription(value: string): this {
    this.#harness.description = value;
    return this;
  }
  agentDisplayName(value: string): this {
    this.#agent.displayName = value;
    return this;
  }
  agentDescription(value: string): this {
    this.#agent.description = value;
    return this;
  }
  /** Same as `harnessCapability`. */
  capability(id: string, config?: unknown): this {
    return this.harnessCapability(id, config);
  }
  harnessCapability(id: string, config?: unknown): this {
    this.#harness.capabilities.push(capabilityConfig(id, config));
    return this;
  }
  agentCapability(id: string, config?: unknown): this {
    this.#agent.capabilities.push(capabilityConfig(id, config));
    return this;
  }
  sessionCapability(id: string, config?: unknown): this {
    this.#session.capabilities.push(capabilityConfig(id, config));
    return this;
  }
  /** Adds the capability `plugin:{name}` to the agent. */
  agentPlugin(name: string): this {
    return this.agentCapability(`plugin:${name}`);
  }
  sessionTitle(title: string): this {
    this.#session.title = title;
    return this;
  }
  locale(locale: string): this {
    this.#session.locale = locale;
    return this;
  }
  /** Tags the harness, the agent and the session. */
  tag(tag: string): this {
    this.#harness.tags.push(tag);
    this.#agent.tags.push(tag);
    this.#session.tags.push(tag);
    return this;
  }
  sessionModelId(id: ModelId): this {
    this.#session.modelId = id;
    return this;
  }
  harnessDefaultModelId(id: ModelId): this {
    this.#harness.defaultModelId = id;
    return this;
  }
  agentDefaultModelId(id: ModelId): this {
    this.#agent.defaultModelId = id;
    return this;
  }
  agentMaxIterations(n: number): this {
    this.#agent.maxIterations = n;
    return this;
  }
  sessionMaxIterations(n: number): this {
    this.#session.maxIterations = n;
    return this;
  }
  agentTool(definition: ToolDefinition): this {
    this.#agent.tools.push(definition);
    return this;
  }
  sessionTool(definition: ToolDefinition): this {
    this.#session.tools.push(definition);
    return this;
  }
  harnessInitialFile(path: string, content: string, options: Partial<Omit<InitialFileInput, 'path' | 'content'>> = {}): this {
    this.#harness.initialFiles.push({ path, content, ...options });
    return this;
  }
  agentInitialFile(path: string, content: string, options: Partial<Omit<InitialFileInput, 'path' | 'content'>> = {}): this {
    this.#agent.initialFiles.push({ path, content, ...options });
    return this;
  }
  sessionInitialFile(path: string, content: string, options: Partial<Omit<InitialFileInput, 'path' | 'content'>> = {}): this {
    this.#session.initialFiles.push({ path, content, ...options });
    return this;
  }
  harnessNetworkAccess(access: Partial<NetworkAccessList>): this {
    this.#harness.networkAccess = access;
    return this;
  }
  agentNetworkAccess(access: Partial<NetworkAccessList>): this {
    this.#agent.networkAccess = access;
    return this;
  }
  sessionNetworkAccess(access: Partial<NetworkAccessList>): this {
    this.#session.networkAccess = access;
    return this;
  }
  /** Pins the session id (otherwise a new one is generated). */
  sessionId(id: SessionId | string): this {
    this.#session.id = SessionId.parse(id);
    return this;
  }

  /** Validates and returns the entities. */
  build(): { harness: Harness; agent?: Agent; session: Session } {
    const createdAt = new Date().toISOString();
    const stamp = { createdAt, updatedAt: createdAt };
    const harness = parse(HarnessSchema, { id: HarnessId.generate(), ...layerFields(this.#harness), ...stamp }, 'harness');
    const agent = this.#withAgent
      ? parse(
          AgentSchema,
          {
            id: AgentId.generate(),
            ...layerFields(this.#agent),
            tools: this.#agent.tools,
            ...(this.#agent.maxIterations === undefined ? {} : { maxIterations: this.#agent.maxIterations }),
            ...stamp,
          },
          'agent',
        )
      : undefined;
    const { id, ...sessionFields } = this.#session;
    const session = parse(
      SessionSchema,
      { id: id ?? SessionId.generate(), harnessId: harness.id, ...(agent ? { agentId: agent.id } : {}), ...sessionFields, ...stamp },
      'session',
    );
    return agent ? { harness, agent, session } : { harness, session };
  }
}

function capabilityConfig(id: string, config: unknown): CapabilityConfig {
  return config === undefined ? { id } : { id, config };
}

function layerFields(layer: Layer): Record<string, unknown> {
  const { ...fields } = layer;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

