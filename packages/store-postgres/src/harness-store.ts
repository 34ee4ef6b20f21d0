import { ConfigurationError, Harness, HarnessId, type HarnessStore } from '@org/core';
import type { ConfigCache } from './config-cache.js';
import type { PostgresContext } from './postgres-context.js';
import { requireId, validate } from './validation.js';

/**
 * `HarnessStore` on PostgreSQL. The inheritance chain is read in one
 * recursive query; with a {@link ConfigCache}, reads are served from memory
 * while nothing changed (results are frozen then).
 */
export class PostgresHarnessStore implements HarnessStore {
  constructor(
    private readonly ctx: PostgresContext,
    private readonly cache?: ConfigCache,
  ) {}

  async putHarness(harness: Harness): Promise<void> {
    const valid = validate(Harness, harness, 'harness');
    await this.ctx.query({
      name: this.ctx.statement('harness_put'),
      text: `INSERT INTO ${this.ctx.q}.harnesses (id, parent_id, body) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, body = EXCLUDED.body`,
      values: [valid.id, valid.parentHarnessId ?? null, JSON.stringify(valid)],
    });
    this.cache?.invalidate();
  }

  async getHarness(id: HarnessId): Promise<Harness | undefined> {
    requireId(HarnessId, id, 'harness id');
    return this.cache ? this.cache.read(`harness:${id}`, () => this.#loadHarness(id)) : this.#loadHarness(id);
  }

  async #loadHarness(id: HarnessId): Promise<Harness | undefined> {
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement('harness_get'),
      pipeline: true,
      text: `SELECT body FROM ${this.ctx.q}.harnesses WHERE id = $1`,
      values: [id],
    });
    return rows[0] ? Harness.parse(rows[0].body) : undefined;
  }

  /**
   * Root first, `id` last. Walks `parent_id` in SQL, carrying the visited path
   * so a cycle stops the recursion and is reported; a missing parent ends the
   * chain at the last harness found.
   */
  async getHarnessChain(id: HarnessId): Promise<Harness[]> {
    requireId(HarnessId, id, 'harness id');
    return this.cache ? this.cache.read(`chain:${id}`, () => this.#loadChain(id)) : this.#loadChain(id);
  }

  async #loadChain(id: HarnessId): Promise<Harness[]> {
    const { rows } = await this.ctx.query<{ body: unknown; cycle: boolean }>({
      name: this.ctx.statement('harness_chain'),
      pipeline: true,
      text: `WITH RECURSIVE chain (id, parent_id, body, depth, path, cycle) AS (
               SELECT id, parent_id, body, 0, ARRAY[id], false FROM ${this.ctx.q}.harnesses WHERE id = $1
               UNION ALL
               SELECT h.id, h.parent_id, h.body, c.depth + 1, c.path || h.id, h.id = ANY (c.path)
               FROM ${this.ctx.q}.harnesses h JOIN chain c ON h.id = c.parent_id
               WHERE NOT c.cycle
             )
             SELECT body, cycle FROM chain ORDER BY depth DESC`,
      values: [id],
    });
    if (rows.some((row) => row.cycle)) {
      throw new ConfigurationError(`Harness inheritance cycle detected starting at ${id}`);
    }
    return rows.map((row) => Harness.parse(row.body));
  }
}
