import { ModelId, type ProviderStore, ResolvedModel } from '@org/core';
import { freezeInput, parseInput, requireId } from './validate.js';

/** Environment variables {@link MemoryProviderStore.fromEnv} reads. */
export interface ProviderEnvironment {
  OPENAI_API_KEY?: string | undefined;
  ANTHROPIC_API_KEY?: string | undefined;
}

/** Models and the default model in memory, validated with the `ResolvedModel` schema. */
export class MemoryProviderStore implements ProviderStore {
  readonly #models = new Map<ModelId, ResolvedModel>();
  #defaultModel: ResolvedModel | undefined;

  /**
   * A store whose default model comes from the environment: `gpt-5.4` on
   * openai when `OPENAI_API_KEY` is set, else `claude-sonnet-4-20250514` on
   * anthropic when `ANTHROPIC_API_KEY` is set, else no default.
   */
  static fromEnv(env: ProviderEnvironment = process.env): MemoryProviderStore {
    const store = new MemoryProviderStore();
    if (env.OPENAI_API_KEY) store.#defaultModel = { model: 'gpt-5.4', provider: 'openai', apiKey: env.OPENAI_API_KEY };
    else if (env.ANTHROPIC_API_KEY) store.#defaultModel = { model: 'claude-sonnet-4-20250514', provider: 'anthropic', apiKey: env.ANTHROPIC_API_KEY };
    return store;
  }

  /** Inserts or replaces by model id. Throws `ValidationError` for bad input. */
  async putModel(id: ModelId, model: ResolvedModel): Promise<void> {
    const modelId = requireId(ModelId, id, 'model id');
    this.#models.set(modelId, freezeInput(parseInput(ResolvedModel, model, 'resolved model'), 'resolved model'));
  }

  async getModel(id: ModelId): Promise<ResolvedModel | undefined> {
    const model = this.#models.get(requireId(ModelId, id, 'model id'));
    return model;
  }

  async getDefaultModel(): Promise<ResolvedModel | undefined> {
    return this.#defaultModel;
  }

  /** Replaces the default model. Throws `ValidationError` for bad input. */
  async setDefaultModel(model: ResolvedModel): Promise<void> {
    this.#defaultModel = freezeInput(parseInput(ResolvedModel, model, 'resolved model'), 'resolved model');
  }
}
