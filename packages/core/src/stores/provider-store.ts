import { z } from 'zod';
import type { ModelId } from '../ids/index.js';

/** A model ready to call: the model name and how to reach its provider. */
export const ResolvedModel = z.object({
  model: z.string().min(1),
  /** Provider type, lowercase: `llmsim`, `openai`, `anthropic`, … or any external id. */
  provider: z.string().min(1).transform((p) => p.toLowerCase()),
  apiKey: z.string().optional(),
  baseUrl: z.string().optional(),
  providerMetadata: z.record(z.string(), z.unknown()).optional(),
});
export type ResolvedModel = z.output<typeof ResolvedModel>;

/**
 * Model and provider configuration.
 *
 * Contract: `putModel` inserts or replaces by model id. `getModel` returns
 * `undefined` for an unknown id. `setDefaultModel` replaces the default.
 */
export interface ProviderStore {
  putModel(id: ModelId, model: ResolvedModel): Promise<void>;
  getModel(id: ModelId): Promise<ResolvedModel | undefined>;
  getDefaultModel(): Promise<ResolvedModel | undefined>;
  setDefaultModel(model: ResolvedModel): Promise<void>;
}
