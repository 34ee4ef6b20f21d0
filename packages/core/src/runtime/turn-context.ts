import type { CapabilityRegistry, ResolvedCapability } from '../capabilities/capability-registry.js';
import type { Agent } from '../domain/agent.js';
import type { Harness } from '../domain/harness.js';
import type { NetworkAccessList } from '../domain/network-access.js';
import { agentOverlay, dedupeTools, foldOverlays, harnessOverlay, sessionOverlay } from '../domain/overlay.js';
import type { AgentConfigOverlay } from '../domain/overlay.types.js';
import type { Session } from '../domain/session.js';
import { composeSystemPrompt, isLocaleTag, localeBlock, wrapCapabilityPrompt } from '../domain/system-prompt.js';
import type { ToolDefinition } from '../domain/tool-definition.js';
import { ConfigurationError, NotFoundError } from '../errors.js';
import type { ModelId, SessionId } from '../ids/index.js';
import { lastUserMessage, type Message } from '../messages/message.js';
import type { ResolvedModel } from '../stores/provider-store.js';
import type { Tool } from '../tools/tool.js';
import { toolDefinitionOf } from '../tools/tool-definition-of.js';
import type { RuntimeBackends } from './backends.js';

/** What the model is configured with for a turn. */
export interface RuntimeAgent {
  systemPrompt: string;
  model: string;
  tools: ToolDefinition[];
  maxIterations: number;
  networkAccess?: NetworkAccessList;
  parallelToolCalls?: boolean;
  locale?: string;
}

/** A tool that can run in this turn, with the capability that contributed it. */
export interface ExecutableTool {
  tool: Tool<unknown>;
  capabilityId?: string;
  capabilityName?: string;
}

/** Everything a reason step would use, as `loadContext` shows it (nothing is emitted). */
export interface AssembledTurnContext {
  session: Session;
  /** Root first, the session's harness last. */
  harnessChain: Harness[];
  agent?: Agent;
  effectiveOverlay: AgentConfigOverlay;
  resolvedCapabilities: { id: string; config: unknown }[];
  messages: Message[];
  runtimeAgent: RuntimeAgent;
  model: ResolvedModel;
  resolvedModelId?: ModelId;
  resolvedLocale?: string;
}

/** The assembled context plus what only the runtime needs (the executable tools). */
export interface TurnAssembly extends AssembledTurnContext {
  executableTools: ReadonlyMap<string, ExecutableTool>;
}

export interface AssembleOptions {
  backends: RuntimeBackends;
  capabilities: CapabilityRegistry;
  defaultMaxIterations: number;
  /** The history to use; loaded from the store when absent. */
  messages?: Message[];
  /** The user message about to start a turn (not stored yet): its controls pick the model and locale. */
  pendingInput?: Message;
  /** The session, when the caller has just read it (saves a read). */
  session?: Session;
  /** Reuses the configuration part of earlier assemblies when the stores hand back the same objects. */
  cache?: AssemblyCache;
}

/** The part of an assembly that depends only on configuration (entities, capabilities, locale), not on history. */
interface ConfigurationPart {
  overlay: AgentConfigOverlay;
  /** The resolved capabilities as the assembly shows them (frozen: every turn of this configuration shares them). */
  resolvedCapabilities: readonly { id: string; config: unknown }[];
  executableTools: Map<string, ExecutableTool>;
  tools: ToolDefinition[];
  systemPrompt: string;
}

interface CachedConfiguration {
  session: Session;
  chain: readonly Harness[];
  agent: Agent | undefined;
  registryVersion: number;
  locale: string | undefined;
  part: ConfigurationPart;
}

/** The session fields its overlay layer is made of (status, title and timestamps do not matter). */
const OVERLAY_FIELDS = ['harnessId', 'agentId', 'systemPrompt', 'capabilities', 'initialFiles', 'networkAccess', 'modelId', 'tools', 'maxIterations', 'parallelToolCalls'] as const;

/**
 * Memoises the configuration part per session. It only hits when the stores
 * hand back the very same frozen harness and agent objects as last time and
 * the session's overlay fields are the same values or the same frozen arrays
 * (as the memory stores do while nothing changed), so any change — or a
 * store that returns fresh objects — simply recomputes.
 */
export class AssemblyCache {
  readonly #bySession = new Map<SessionId, CachedConfiguration>();

  constructor(private readonly capacity = 256) {}

  get(session: Session, chain: readonly Harness[], agent: Agent | undefined, registryVersion: number, locale: string | undefined): ConfigurationPart | undefined {
    const cached = this.#bySession.get(session.id);
    if (!cached || cached.agent !== agent || cached.registryVersion !== registryVersion || cached.locale !== locale) return undefined;
    // Plain loops: this runs on every turn, and `some` with a closure allocates one per call.
    if (cached.chain.length !== chain.length) return undefined;
    for (let i = 0; i < chain.length; i++) if (cached.chain[i] !== chain[i]) return undefined;
    for (const field of OVERLAY_FIELDS) if (cached.session[field] !== session[field]) return undefined;
    return cached.part;
  }

  set(session: Session, chain: readonly Harness[], agent: Agent | undefined, registryVersion: number, locale: string | undefined, part: ConfigurationPart): void {
    // Only frozen objects can be trusted not to change under the cache.
    const frozen = (value: unknown) => typeof value !== 'object' || value === null || Object.isFrozen(value);
    if (!Object.isFrozen(session) || !OVERLAY_FIELDS.every((field) => frozen(session[field]))) return;
    if ((agent && !Object.isFrozen(agent)) || chain.some((h) => !Object.isFrozen(h))) return;
    this.#bySession.delete(session.id);
    this.#bySession.set(session.id, { session, chain: [...chain], agent, registryVersion, locale, part });
    if (this.#bySession.size > this.capacity) this.#bySession.delete(this.#bySession.keys().next().value as SessionId);
  }
}

/**
 * Assembles a session's turn context: harness chain → agent → session overlay
 * fold, capability resolution (prompt additions and tools), model and locale.
 */
export async function assembleTurnContext(sessionId: SessionId, options: AssembleOptions): Promise<TurnAssembly> {
  const { backends } = options;
  const session = options.session ?? (await backends.sessions.getSession(sessionId));
  if (!session) throw new NotFoundError('session', sessionId);
  // Chain and agent are read in parallel (two round trips on networked stores); the history is usually given.
  const chainRead = backends.harnesses.getHarnessChain(session.harnessId);
  const [harnessChain, agent] = session.agentId ? await Promise.all([chainRead, backends.agents.getAgent(session.agentId)]) : [await chainRead, undefined];
  const messages = options.messages ?? (await backends.history.messages(sessionId));
  if (harnessChain.length === 0) throw new NotFoundError('harness', session.harnessId);
  if (session.agentId && !agent) throw new NotFoundError('agent', session.agentId);

  const lastUser = options.pendingInput ?? lastUserMessage(messages);
  // An unusable locale tag is ignored rather than failing the turn.
  const requested = lastUser?.controls?.locale ?? stringField(lastUser?.metadata, 'locale') ?? session.locale;
  const locale = requested !== undefined && isLocaleTag(requested) ? requested : undefined;

  const registryVersion = options.capabilities.version;
  let part = options.cache?.get(session, harnessChain, agent, registryVersion, locale);
  if (!part) {
    part = configurationPart(session, harnessChain, agent, options.capabilities, locale);
    options.cache?.set(session, harnessChain, agent, registryVersion, locale, part);
  }
  const { overlay, resolvedCapabilities, executableTools, tools, systemPrompt } = part;

  const { model, modelId } = await resolveModel(backends, lastUser?.controls?.modelId, overlay.defaultModelId);
  const runtimeAgent: RuntimeAgent = {
    systemPrompt,
    model: model.model,
    tools,
    maxIterations: overlay.maxIterations ?? options.defaultMaxIterations,
  };
  if (overlay.networkAccess) runtimeAgent.networkAccess = overlay.networkAccess;
  if (overlay.parallelToolCalls !== undefined) runtimeAgent.parallelToolCalls = overlay.parallelToolCalls;
  if (locale) runtimeAgent.locale = locale;

  const assembly: TurnAssembly = {
    session,
    harnessChain,
    effectiveOverlay: overlay,
    resolvedCapabilities: resolvedCapabilities as { id: string; config: unknown }[],
    messages,
    runtimeAgent,
    model,
    executableTools,
  };
  if (agent) assembly.agent = agent;
  if (modelId) assembly.resolvedModelId = modelId;
  if (locale) assembly.resolvedLocale = locale;
  return assembly;
}

function configurationPart(
  session: Session,
  harnessChain: readonly Harness[],
  agent: Agent | undefined,
  capabilities: CapabilityRegistry,
  locale: string | undefined,
): ConfigurationPart {
  const layers = harnessChain.map(harnessOverlay);
  if (agent) layers.push(agentOverlay(agent));
  layers.push(sessionOverlay(session));
  const overlay = foldOverlays(layers);
  const resolved = capabilities.resolve(overlay.capabilities ?? []);
  const { additions, executableTools, definitions } = collectCapabilities(resolved, session.id, locale);
  const tools = dedupeTools([...definitions, ...(overlay.tools ?? [])]);
  let systemPrompt = composeSystemPrompt(overlay.systemPrompt ?? '', additions);
  if (locale) systemPrompt = systemPrompt ? `${systemPrompt}\n\n${localeBlock(locale)}` : localeBlock(locale);
  const resolvedCapabilities = Object.freeze(resolved.map((r) => Object.freeze({ id: r.capability.id, config: r.config })));
  return { overlay, resolvedCapabilities, executableTools, tools, systemPrompt };
}

function collectCapabilities(resolved: ResolvedCapability[], sessionId: SessionId, locale: string | undefined) {
  const additions: string[] = [];
  const executableTools = new Map<string, ExecutableTool>();
  const definitions: ToolDefinition[] = [];
  for (const { capability, config } of resolved) {
    const prompt =
      typeof capability.systemPrompt === 'function'
        ? capability.systemPrompt(locale === undefined ? { sessionId, config } : { sessionId, locale, config })
        : capability.systemPrompt;
    if (prompt?.trim()) additions.push(wrapCapabilityPrompt(capability.id, prompt));
    const tools = typeof capability.tools === 'function' ? capability.tools(config) : (capability.tools ?? []);
    for (const tool of tools as readonly Tool<unknown>[]) {
      executableTools.set(tool.name, { tool, capabilityId: capability.id, capabilityName: capability.name });
      definitions.push(toolDefinitionOf(tool, capability));
    }
    for (const definition of capability.toolDefinitions ?? []) definitions.push(definition);
  }
  return { additions, executableTools, definitions };
}


function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Model resolution: the last user message's `controls.modelId`, then the
 * overlay's default model (session → agent → harness), each looked up in the
 * provider store; then the store's default model; else a configuration error.
 */
export async function resolveModel(
  backends: Pick<RuntimeBackends, 'providers'>,
  ...candidates: (ModelId | undefined)[]
): Promise<{ model: ResolvedModel; modelId?: ModelId }> {
  for (const id of candidates) {
    if (!id) continue;
    const model = await backends.providers.getModel(id);
    if (model) return { model, modelId: id };
  }
  const fallback = await backends.providers.getDefaultModel();
  if (fallback) return { model: fallback };
  throw new ConfigurationError('No model configured: set a default model on the runtime builder (.defaultModel(...)) or a model on the harness, agent or session');
}
