import { NotFoundError } from '../errors.js';
import type { Agent } from './agent.js';
import type { CapabilityConfig } from './capability-config.js';
import type { Harness } from './harness.js';
import type { InitialFile } from './initial-file.js';
import { NETWORK_NONE, type NetworkAccessList } from './network-access.js';
import { networkPatternCovers } from './network-access-match.js';
import type { AgentConfigOverlay } from './overlay.types.js';
import type { Session } from './session.js';
import type { ToolDefinition } from './tool-definition.js';

/**
 * The configuration overlay fold: harness chain (root → leaf), then the agent,
 * then the session, each merged onto the result so far with
 * {@link mergeOverlay}. Pure functions; inputs are never mutated.
 */

/**
 * Normalises an initial-file path for comparison: a leading `/workspace`
 * segment is stripped (only `/workspace` itself or `/workspace/…`, never
 * `/workspaces`), and the result always starts with `/`.
 */
export function normaliseInitialFilePath(path: string): string {
  let out = path;
  if (out === '/workspace' || out.startsWith('/workspace/')) out = out.slice('/workspace'.length);
  return out.startsWith('/') ? out : `/${out}`;
}

/** Joins prompts base first: each is trimmed, empty ones are dropped, the rest joined with a blank line. */
function mergePrompt(base: string | undefined, overlay: string | undefined): string | undefined {
  const parts: string[] = [];
  for (const prompt of [base, overlay]) {
    const trimmed = prompt?.trim();
    if (trimmed) parts.push(trimmed);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** Replace-in-place by key (keeping the first position), append otherwise. */
function mergeKeyed<T>(base: readonly T[] | undefined, overlay: readonly T[] | undefined, key: (item: T) => string): T[] | undefined {
  if (!base && !overlay) return undefined;
  const out: T[] = [];
  const positions = new Map<string, number>();
  for (const item of [...(base ?? []), ...(overlay ?? [])]) {
    const k = key(item);
    const at = positions.get(k);
    if (at === undefined) {
      positions.set(k, out.length);
      out.push(item);
    } else {
      out[at] = item;
    }
  }
  return out;
}

function dedupeCaseInsensitive(patterns: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const pattern of patterns) {
    const key = pattern.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(pattern);
  }
  return out;
}

/**
 * Intersects two allowed lists. Empty means open, so the other side wins. A
 * pattern survives when the other side covers it (so `api.example.com`
 * survives against `*.example.com`). Disjoint lists give `['<none>']`.
 */
export function intersectAllowedPatterns(base: readonly string[], overlay: readonly string[]): string[] {
  const a = dedupeCaseInsensitive(base);
  const b = dedupeCaseInsensitive(overlay);
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const isNone = (p: string) => p.trim().toLowerCase() === NETWORK_NONE;
  if (a.some(isNone) || b.some(isNone)) return [NETWORK_NONE];
  const kept = [
    ...a.filter((p) => b.some((q) => networkPatternCovers(p, q))),
    ...b.filter((q) => a.some((p) => networkPatternCovers(q, p))),
  ];
  const out = dedupeCaseInsensitive(kept);
  return out.length > 0 ? out : [NETWORK_NONE];
}

/**
 * Merges two network access lists: allowed lists intersect (an overlay can only
 * narrow), blocked lists are unioned and deduplicated. An absent side leaves
 * the other unchanged.
 */
export function mergeNetworkAccess(
  base: NetworkAccessList | undefined,
  overlay: NetworkAccessList | undefined,
): NetworkAccessList | undefined {
  if (!base) return overlay ? { allowed: [...overlay.allowed], blocked: [...overlay.blocked] } : undefined;
  if (!overlay) return { allowed: [...base.allowed], blocked: [...base.blocked] };
  return {
    allowed: intersectAllowedPatterns(base.allowed, overlay.allowed),
    blocked: dedupeCaseInsensitive([...base.blocked, ...overlay.blocked]),
  };
}

/**
 * Merges `overlay` onto `base` (SPEC §1.6):
 * - `systemPrompt`: trimmed, empties dropped, joined with `"\n\n"`, base first;
 * - `capabilities`: same id → replaced in place, else appended;
 * - `initialFiles`: same normalised path → replaced in place, else appended;
 * - `networkAccess`: allowed intersect, blocked union;
 * - `defaultModelId`, `maxIterations`, `parallelToolCalls`: the overlay wins when set;
 * - `tools`: appended (duplicates are removed later with {@link dedupeTools}).
 */
export function mergeOverlay(base: AgentConfigOverlay, overlay: AgentConfigOverlay): AgentConfigOverlay {
  const out: AgentConfigOverlay = {};
  const systemPrompt = mergePrompt(base.systemPrompt, overlay.systemPrompt);
  if (systemPrompt !== undefined) out.systemPrompt = systemPrompt;
  const capabilities = mergeKeyed<CapabilityConfig>(base.capabilities, overlay.capabilities, (c) => c.id);
  if (capabilities) out.capabilities = capabilities;
  const initialFiles = mergeKeyed<InitialFile>(base.initialFiles, overlay.initialFiles, (f) => normaliseInitialFilePath(f.path));
  if (initialFiles) out.initialFiles = initialFiles;
  const networkAccess = mergeNetworkAccess(base.networkAccess, overlay.networkAccess);
  if (networkAccess) out.networkAccess = networkAccess;
  const defaultModelId = overlay.defaultModelId ?? base.defaultModelId;
  if (defaultModelId !== undefined) out.defaultModelId = defaultModelId;
  const maxIterations = overlay.maxIterations ?? base.maxIterations;
  if (maxIterations !== undefined) out.maxIterations = maxIterations;
  const parallelToolCalls = overlay.parallelToolCalls ?? base.parallelToolCalls;
  if (parallelToolCalls !== undefined) out.parallelToolCalls = parallelToolCalls;
  if (base.tools || overlay.tools) out.tools = [...(base.tools ?? []), ...(overlay.tools ?? [])];
  return out;
}

/** Folds layers in order (first = lowest priority) starting from an empty overlay. */
export function foldOverlays(layers: readonly AgentConfigOverlay[]): AgentConfigOverlay {
  let out: AgentConfigOverlay = {};
  for (const layer of layers) out = mergeOverlay(out, layer);
  return out;
}

/** Copies the defined entries of `fields` onto a fresh overlay (absent stays absent). */
function definedOnly(fields: AgentConfigOverlay): AgentConfigOverlay {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as AgentConfigOverlay;
}

/** A harness as an overlay layer: no tools and no iteration cap come from a harness. */
export function harnessOverlay(harness: Harness): AgentConfigOverlay {
  return definedOnly({
    systemPrompt: harness.systemPrompt,
    capabilities: harness.capabilities,
    initialFiles: harness.initialFiles,
    networkAccess: harness.networkAccess,
    defaultModelId: harness.defaultModelId,
    parallelToolCalls: harness.parallelToolCalls,
  });
}

/** An agent as an overlay layer. */
export function agentOverlay(agent: Agent): AgentConfigOverlay {
  return definedOnly({
    systemPrompt: agent.systemPrompt,
    capabilities: agent.capabilities,
    initialFiles: agent.initialFiles,
    networkAccess: agent.networkAccess,
    defaultModelId: agent.defaultModelId,
    tools: agent.tools,
    maxIterations: agent.maxIterations,
    parallelToolCalls: agent.parallelToolCalls,
  });
}

/** A session as an overlay layer; the session's `modelId` is its default model. */
export function sessionOverlay(session: Session): AgentConfigOverlay {
  return definedOnly({
    systemPrompt: session.systemPrompt,
    capabilities: session.capabilities,
    initialFiles: session.initialFiles,
    networkAccess: session.networkAccess,
    defaultModelId: session.modelId,
    tools: session.tools,
    maxIterations: session.maxIterations,
    parallelToolCalls: session.parallelToolCalls,
  });
}

/** The layers a turn folds, in order. */
export interface OverlaySources {
  /** Root first, leaf last (as `HarnessStore.getHarnessChain` returns it). */
  harnessChain: readonly Harness[];
  agent?: Agent | undefined;
  session?: Session | undefined;
}

/** Folds harness chain (root → leaf), agent, then session into the effective overlay. */
export function effectiveOverlay(sources: OverlaySources): AgentConfigOverlay {
  const layers = sources.harnessChain.map(harnessOverlay);
  if (sources.agent) layers.push(agentOverlay(sources.agent));
  if (sources.session) layers.push(sessionOverlay(sources.session));
  return foldOverlays(layers);
}

/**
 * Merges a harness chain (root first, leaf last) into one harness: descriptive
 * fields (id, name, display name, description, tags, parent, status,
 * timestamps) come from the leaf; configuration is folded with the overlay
 * rules. An empty chain is a {@link NotFoundError}.
 */
export function mergeHarnessChain(chain: readonly Harness[]): Harness {
  const leaf = chain[chain.length - 1];
  if (!leaf) throw new NotFoundError('harness', '(empty chain)', 'harness not found: the harness chain is empty');
  const config = foldOverlays(chain.map(harnessOverlay));
  const merged: Harness = {
    ...leaf,
    systemPrompt: config.systemPrompt ?? '',
    capabilities: config.capabilities ?? [],
    initialFiles: config.initialFiles ?? [],
  };
  if (config.networkAccess) merged.networkAccess = config.networkAccess;
  if (config.defaultModelId !== undefined) merged.defaultModelId = config.defaultModelId;
  if (config.parallelToolCalls !== undefined) merged.parallelToolCalls = config.parallelToolCalls;
  return merged;
}

/** Removes tools with a duplicate name: the last definition wins, at the first one's position. */
export function dedupeTools(definitions: readonly ToolDefinition[]): ToolDefinition[] {
  return mergeKeyed(definitions, undefined, (tool) => tool.name) ?? [];
}
