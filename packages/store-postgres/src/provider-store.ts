import { ModelId, type ProviderStore, ResolvedModel } from '@org/core';
import type { ConfigCache } from './config-cache.js';
import type { PostgresContext } from './postgres-context.js';
import { requireId, validate } from './validation.js';

/** `ProviderStore` on PostgreSQL: models by id, and a single-row default model. */
export class PostgresProviderStore implements ProviderStore {
  constructor(
    private readonly ctx: PostgresContext,
    private readonly cache?: ConfigCache,
  ) {}

  async putModel(id: ModelId, model: ResolvedModel): Promise<void> {
    requireId(ModelId, id, 'model id');
    const valid = validate(ResolvedModel, model, 'model');
    await this.ctx.query({
      name: this.ctx.statement('model_put'),
      text: `INSERT INTO ${this.ctx.q}.models (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body`,
      values: [id, JSON.stringify(valid)],
    });
    this.cache?.invalidate();
  }

  async getModel(id: ModelId): Promise<ResolvedModel | undefined> {
    requireId(ModelId, id, 'model id');
    return this.cache ? this.cache.read(`model:${id}`, () => this.#loadModel(id)) : this.#loadModel(id);
  }

  async #loadModel(id: ModelId): Promise<ResolvedModel | undefined> {
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement('model_get'),
      pipeline: true,
      text: `SELECT body FROM ${this.ctx.q}.models WHERE id = $1`,
      values: [id],
    });
    return rows[0] ? ResolvedModel.parse(rows[0].body) : undefined;
  }

  async getDefaultModel(): Promise<ResolvedModel | undefined> {
    return this.cache ? this.cache.read('default-model', () => this.#loadDefaultModel()) : this.#loadDefaultModel();
  }

  async #loadDefaultModel(): Promise<ResolvedModel | undefined> {
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement('model_default_get'),
      pipeline: true,
      text: `SELECT body FROM ${this.ctx.q}.default_model`,
    });
    return rows[0] ? ResolvedModel.parse(rows[0].body) : undefined;
  }

  async setDefaultModel(model: ResolvedModel): Promise<void> {
    const valid = validate(ResolvedModel, model, 'default model');
    await this.ctx.query({
      name: this.ctx.statement('model_default_set'),
      text: `INSERT INTO ${this.ctx.q}.default_model (singleton, body) VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET body = EXCLUDED.body`,
      values: [JSON.stringify(valid)],
    });
    this.cache?.invalidate();
  }
}
