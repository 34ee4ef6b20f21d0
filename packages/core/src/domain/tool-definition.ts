import { z } from 'zod';

/** Optional facts about a tool; absent means unknown (assume the conservative answer). */
export const ToolHints = z.object({
  readonly: z.boolean().optional(),
  destructive: z.boolean().optional(),
  idempotent: z.boolean().optional(),
  openWorld: z.boolean().optional(),
  requiresSecrets: z.boolean().optional(),
  longRunning: z.boolean().optional(),
  /** Calls sharing a class run one after another, in arrival order. */
  concurrencyClass: z.string().optional(),
});
export type ToolHints = z.output<typeof ToolHints>;

const definitionFields = {
  name: z.string().regex(/^[a-zA-Z0-9_.:-]{1,128}$/, 'tool names are 1-128 characters of [a-zA-Z0-9_.:-]'),
  displayName: z.string().optional(),
  description: z.string(),
  /** JSON Schema of the arguments object. */
  parameters: z.record(z.string(), z.unknown()),
  category: z.string().optional(),
  hints: ToolHints.optional(),
  capabilityId: z.string().optional(),
  capabilityName: z.string().optional(),
};

/** What the model is told about a tool. `builtin` tools run in the runtime; `client_side` ones are handed back to the caller. */
export const ToolDefinition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('builtin'), ...definitionFields, policy: z.enum(['auto', 'requires_approval']).default('auto') }),
  z.object({ type: z.literal('client_side'), ...definitionFields }),
]);
export type ToolDefinition = z.output<typeof ToolDefinition>;
