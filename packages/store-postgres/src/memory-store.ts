import { type Memory, MemoryId, MemoryKind, type MemoryQuery, type MemoryStore, NewMemory, now, ValidationError } from '@org/core';
import type { PostgresContext } from './postgres-context.js';
import { requireId, requireInteger, requireText, validate } from './validation.js';

/** Default and largest number of memories `recall` returns. */
export const DEFAULT_RECALL_LIMIT = 10;
export const MAX_RECALL_LIMIT = 50;

/**
 * `MemoryStore` on PostgreSQL, one namespace per scope. `recall` matches every
 * given criterion (`query` as a case-insensitive substring of the content,
 * every one of `tags`, `kind`), orders by importance descending then newest
 * first, and counts all matches in the same query.
 */
export class PostgresMemoryStore implements MemoryStore {
  constructor(private readonly ctx: PostgresContext) {}

  async remember(scope: string, memory: NewMemory): Promise<Memory> {
    requireText(scope, 'memory scope');
    const parsed = validate(NewMemory, memory, 'memory');
    const stored: Memory = { ...parsed, id: MemoryId.generate(), createdAt: now() };
    await this.ctx.query({
      name: this.ctx.statement('memory_remember'),
      pipeline: true,
      text: `INSERT INTO ${this.ctx.q}.memories (id, scope, content, kind, importance, tags, created_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      values: [stored.id, scope, stored.content, stored.kind, stored.importance, stored.tags, stored.createdAt, JSON.stringify(stored)],
    });
    return stored;
  }

  async recall(scope: string, query: MemoryQuery = {}): Promise<{ memories: Memory[]; total: number }> {
    requireText(scope, 'memory scope');
    const limit = requireInteger(query.limit ?? DEFAULT_RECALL_LIMIT, 'limit', 1, MAX_RECALL_LIMIT);
    const kind = query.kind === undefined ? null : validate(MemoryKind, query.kind, 'memory kind');
    if (query.tags !== undefined && !(Array.isArray(query.tags) && query.tags.every((tag) => typeof tag === 'string'))) {
      throw new ValidationError('invalid recall tags: expected an array of strings', [{ path: 'tags', message: 'not an array of strings' }]);
    }
    if (query.query !== undefined && typeof query.query !== 'string') {
      throw new ValidationError('invalid recall query: expected a string', [{ path: 'query', message: 'not a string' }]);
    }
    const needle = query.query ? query.query.toLowerCase() : null;
    // The window count runs before LIMIT, so `total` counts every match in the same round trip.
    const { rows } = await this.ctx.query<{ body: Memory; total: string }>({
      name: this.ctx.statement('memory_recall'),
      text: `SELECT body, count(*) OVER () AS total FROM ${this.ctx.q}.memories
             WHERE scope = $1
               AND ($2::text IS NULL OR strpos(lower(content), $2::text) > 0)
               AND ($3::text IS NULL OR kind = $3::text)
               AND tags @> $4::text[]
             ORDER BY importance DESC, created_at DESC, id DESC
             LIMIT $5`,
      values: [scope, needle, kind, query.tags ?? [], limit],
    });
    // No rows means no matches at all, since limit ≥ 1.
    return { memories: rows.map((row) => row.body), total: Number(rows[0]?.total ?? 0) };
  }

  async forget(scope: string, id: MemoryId): Promise<boolean> {
    requireText(scope, 'memory scope');
    requireId(MemoryId, id, 'memory id');
    const { rowCount } = await this.ctx.query({
      name: this.ctx.statement('memory_forget'),
      pipeline: true,
      text: `DELETE FROM ${this.ctx.q}.memories WHERE scope = $1 AND id = $2`,
      values: [scope, id],
    });
    return (rowCount ?? 0) > 0;
  }

  async count(scope: string): Promise<number> {
    requireText(scope, 'memory scope');
    const { rows } = await this.ctx.query<{ n: string }>({
      name: this.ctx.statement('memory_count'),
      pipeline: true,
      text: `SELECT count(*) AS n FROM ${this.ctx.q}.memories WHERE scope = $1`,
      values: [scope],
    });
    return Number(rows[0]?.n ?? 0);
  }
}
