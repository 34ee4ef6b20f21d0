import type { z } from 'zod';
import type { ToolDefinition } from '../domain/tool-definition.js';
import type { SessionId } from '../ids/index.js';
import type { Tool } from '../tools/tool.js';

export type CapabilityStatus = 'available' | 'coming_soon' | 'deprecated';

/** What a capability's prompt contribution can look at. */
export interface CapabilityPromptContext<Config = unknown> {
  sessionId: SessionId;
  locale?: string;
  config: Config;
}

/**
 * A bundle of system-prompt text and tools that a harness, agent or session
 * switches on by id. Only `available` capabilities contribute.
 */
export interface Capability<Config = unknown> {
  id: string;
  name: string;
  description?: string;
  category?: string;
  icon?: string;
  /** Default `available`. */
  status?: CapabilityStatus;
  /** Capability ids activated with this one (transitively, dependencies first). */
  dependencies?: string[];
  /** Validates the `config` given where the capability is switched on. */
  configSchema?: z.ZodType<Config>;
  /** Prompt text, wrapped as `<capability id="…">…</capability>` when composed. */
  systemPrompt?: string | ((context: CapabilityPromptContext<Config>) => string | undefined);
  /** The tools this capability contributes (`Tool<unknown>` holds any typed tool: `execute` is a method, so its argument type is not checked contravariantly). */
  tools?: readonly Tool<unknown>[] | ((config: Config) => readonly Tool<unknown>[]);
  /** Raw definitions (e.g. client-side tools) offered to the model but not run here. */
  toolDefinitions?: readonly ToolDefinition[];
  /** Feature flags for UIs, e.g. `file_system`. */
  features?: string[];
}

/** Declares a capability with a typed config. */
export function defineCapability<Config = unknown>(capability: Capability<Config>): Capability<Config> {
  return capability;
}
