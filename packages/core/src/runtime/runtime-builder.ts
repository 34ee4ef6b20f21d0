import { builtinCapabilities } from '../capabilities/builtin/index.js';
import type { Capability } from '../capabilities/capability.js';
import { CapabilityRegistry } from '../capabilities/capability-registry.js';
import { type Agent, Agent as AgentSchema, type AgentInput } from '../domain/agent.js';
import { type Harness, Harness as HarnessSchema, type HarnessInput } from '../domain/harness.js';
import { type Session, Session as SessionSchema, type SessionInput } from '../domain/session.js';
import type { DriverFactory, LlmDriver } from '../driver/driver.js';
import { DriverRegistry } from '../driver/driver-registry.js';
import { ConfigurationError } from '../errors.js';
import type { SessionFileSystem } from '../files/session-file-system.js';
import { type ModelId, SessionId } from '../ids/index.js';
import type { z } from 'zod';
import { ResolvedModel } from '../stores/provider-store.js';
import { parseOrThrow } from '../validation.js';
import type { RuntimeBackends } from './backends.js';
import { missingFileSystem } from './missing-file-system.js';
import { Runtime } from './runtime.js';
import { type RuntimeLogger, RuntimeOptions, type RuntimeOptionsInput } from './runtime-options.js';
import { SingleSessionBuilder } from './single-session-builder.js';
import { withTimestamps } from './with-timestamps.js';

type WithOptionalStamps<T> = Omit<T, 'createdAt' | 'updatedAt'> & { createdAt?: string; updatedAt?: string };

const silentLogger: RuntimeLogger = { warn: () => {}, error: () => {} };

/**
 * Builds a {@link Runtime}.
 *
 * @example
 * const runtime = await Runtime.builder()
 *   .backends(memoryBackends())
 *   .driver(LlmSim.fixed('Hello!'), { defaultModel: llmsimModel() })
 *   .singleSession((s) => s.harness('assistant', 'You are helpful.'))
 *   .build();
 * const result = await runtime.runTextTurn(runtime.defaultSessionId!, 'Hi');
 */
export class RuntimeBuilder {
  #backends?: RuntimeBackends;
  #files?: SessionFileSystem;
  readonly #drivers = new DriverRegistry();
  #defaultModel?: ResolvedModel;
  readonly #models: [ModelId, ResolvedModel][] = [];
  #capabilities = new CapabilityRegistry(builtinCapabilities());
  readonly #harnesses: Harness[] = [];
  readonly #agents: Agent[] = [];
  readonly #sessions: Session[] = [];
  readonly #seeded = new Map<SessionId, { path: string; content: string }[]>();
  #defaultSessionId?: SessionId;
  #options: RuntimeOptionsInput = {};
  #logger: RuntimeLogger = silentLogger;

  /** Every store and the event bus (e.g. `memoryBackends()` from `@org/store-memory`). Required. */
  backends(backends: RuntimeBackends): this {
    this.#backends = backends;
    return this;
  }

  /** The session file system (overrides `backends.files`). */
  fileSystem(files: SessionFileSystem): this {
    this.#files = files;
    return this;
  }

  /**
   * Registers a driver instance for its provider (every session shares it).
   * `defaultModel` also sets the runtime's default model.
   */
  driver(driver: LlmDriver, options: { defaultModel?: z_ResolvedModelInput } = {}): this {
    this.#drivers.register(driver.provider, () => driver);
    if (options.defaultModel) this.defaultModel(options.defaultModel);
    return this;
  }

  /** Registers a driver factory for a provider type. */
  driverFactory(provider: string, factory: DriverFactory): this {
    this.#drivers.register(provider, factory);
    return this;
  }

  /** The model used when no harness, agent, session or message picks one. */
  defaultModel(model: z_ResolvedModelInput): this {
    this.#defaultModel = parseOrThrow(ResolvedModel, model, 'default model');
    return this;
  }

  /** Makes a model id resolvable (harness/agent/session `defaultModelId`, message `controls.modelId`). */
  model(id: ModelId, model: z_ResolvedModelInput): this {
    this.#models.push([id, parseOrThrow(ResolvedModel, model, `model ${id}`)]);
    return this;
  }

  /** Registers a capability (the same id replaces a built-in). */
  capability<Config>(capability: Capability<Config>): this {
    this.#capabilities.register(capability);
    return this;
  }

  /** Replaces the whole capability registry (the default holds every built-in). */
  capabilities(registry: CapabilityRegistry): this {
    this.#capabilities = registry;
    return this;
  }

  harness(harness: WithOptionalStamps<HarnessInput>): this {
    this.#harnesses.push(parseOrThrow(HarnessSchema, withTimestamps(harness), 'harness'));
    return this;
  }

  agent(agent: WithOptionalStamps<AgentInput>): this {
    this.#agents.push(parseOrThrow(AgentSchema, withTimestamps(agent), 'agent'));
    return this;
  }

  session(session: WithOptionalStamps<SessionInput>): this {
    this.#sessions.push(parseOrThrow(SessionSchema, withTimestamps(session), 'session'));
    return this;
  }

  /** Adds a harness, an agent and a session bound to them, and makes it the default session. */
  singleSession(configure: (builder: SingleSessionBuilder) => unknown): this {
    const builder = new SingleSessionBuilder();
    configure(builder);
    const { harness, agent, session } = builder.build();
    this.#harnesses.push(harness);
    if (agent) this.#agents.push(agent);
    this.#sessions.push(session);
    this.#defaultSessionId = session.id;
    return this;
  }

  /** Seeds a writable text file into a session's workspace at build time (after the overlay's initial files). */
  seedTextFile(sessionId: SessionId | string, path: string, content: string): this {
    const id = SessionId.parse(sessionId);
    const list = this.#seeded.get(id) ?? [];
    list.push({ path, content });
    this.#seeded.set(id, list);
    return this;
  }

  options(options: RuntimeOptionsInput): this {
    this.#options = { ...this.#options, ...options };
    return this;
  }

  logger(logger: RuntimeLogger): this {
    this.#logger = logger;
    return this;
  }

  /** Validates the configuration, stores the entities, seeds files and returns the runtime. */
  async build(): Promise<Runtime> {
    const backends = this.#backends;
    if (!backends)
      throw new ConfigurationError(
        'the runtime needs backends: call .backends(memoryBackends()) (from @org/store-memory) or pass your own RuntimeBackends',
      );
    const options = parseOrThrow(RuntimeOptions, this.#options, 'runtime options');
    for (const [id, model] of this.#models) await backends.providers.putModel(id, model);
    if (this.#defaultModel) await backends.providers.setDefaultModel(this.#defaultModel);
    else if (!(await backends.providers.getDefaultModel()))
      throw new ConfigurationError(
        'the runtime requires a default model: call .defaultModel({ model, provider }) or .driver(driver, { defaultModel }) (for the simulator: .driver(sim, { defaultModel: llmsimModel() }))',
      );
    const files = this.#files ?? backends.files ?? missingFileSystem();
    const runtime = new Runtime({
      backends,
      files,
      drivers: this.#drivers,
      capabilities: this.#capabilities,
      options,
      logger: this.#logger,
      ...(this.#defaultSessionId ? { defaultSessionId: this.#defaultSessionId } : {}),
    });
    for (const harness of this.#harnesses) await backends.harnesses.putHarness(harness);
    for (const agent of this.#agents) await backends.agents.putAgent(agent);
    for (const session of this.#sessions) await runtime.installSession(session, this.#seeded.get(session.id) ?? []);
    for (const id of this.#seeded.keys())
      if (!this.#sessions.some((s) => s.id === id)) throw new ConfigurationError(`seedTextFile names a session the builder does not add: ${id}`);
    return runtime;
  }
}

type z_ResolvedModelInput = z.input<typeof ResolvedModel>;

