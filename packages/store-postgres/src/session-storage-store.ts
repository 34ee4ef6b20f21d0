import { type KeyInfo, SessionId, type SessionStorageStore } from '@org/core';
import type { PostgresContext } from './postgres-context.js';
import { requireId, requireText, toJsonText } from './validation.js';

/** Longest key or secret name accepted (the `kv_store` tool's limit). */
export const MAX_STORAGE_KEY_LENGTH = 255;

type Namespace = { table: 'session_values' | 'session_secrets'; column: 'key' | 'name'; what: string };
const VALUES: Namespace = { table: 'session_values', column: 'key', what: 'storage key' };
const SECRETS: Namespace = { table: 'session_secrets', column: 'name', what: 'secret name' };

interface KeyRow {
  key: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * `SessionStorageStore` on PostgreSQL: values as `jsonb`, secrets as text in a
 * separate table. Secrets are stored as given: protect them with the
 * database's encryption at rest and access control.
 */
export class PostgresSessionStorageStore implements SessionStorageStore {
  constructor(private readonly ctx: PostgresContext) {}

  async setValue(sessionId: SessionId, key: string, value: unknown): Promise<void> {
    await this.set(VALUES, sessionId, key, toJsonText(value, `value of ${String(key)}`));
  }

  async getValue(sessionId: SessionId, key: string): Promise<unknown | undefined> {
    return this.get(VALUES, sessionId, key);
  }

  async deleteValue(sessionId: SessionId, key: string): Promise<boolean> {
    return this.delete(VALUES, sessionId, key);
  }

  async listValues(sessionId: SessionId): Promise<KeyInfo[]> {
    return this.list(VALUES, sessionId);
  }

  async setSecret(sessionId: SessionId, name: string, value: string): Promise<void> {
    await this.set(SECRETS, sessionId, name, requireString(value));
  }

  async getSecret(sessionId: SessionId, name: string): Promise<string | undefined> {
    return (await this.get(SECRETS, sessionId, name)) as string | undefined;
  }

  async deleteSecret(sessionId: SessionId, name: string): Promise<boolean> {
    return this.delete(SECRETS, sessionId, name);
  }

  async listSecrets(sessionId: SessionId): Promise<KeyInfo[]> {
    return this.list(SECRETS, sessionId);
  }

  /** Inserts or replaces, keeping `created_at` of an existing entry. */
  private async set(ns: Namespace, sessionId: SessionId, key: string, value: string): Promise<void> {
    requireId(SessionId, sessionId, 'session id');
    requireText(key, ns.what, MAX_STORAGE_KEY_LENGTH);
    const at = new Date().toISOString();
    await this.ctx.query({
      name: this.ctx.statement(`${ns.table}_set`),
      pipeline: true,
      text: `INSERT INTO ${this.ctx.q}.${ns.table} (session_id, ${ns.column}, value, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (session_id, ${ns.column}) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
      values: [sessionId, key, value, at],
    });
  }

  private async get(ns: Namespace, sessionId: SessionId, key: string): Promise<unknown | undefined> {
    requireId(SessionId, sessionId, 'session id');
    requireText(key, ns.what, MAX_STORAGE_KEY_LENGTH);
    const { rows } = await this.ctx.query<{ value: unknown }>({
      name: this.ctx.statement(`${ns.table}_get`),
      pipeline: true,
      text: `SELECT value FROM ${this.ctx.q}.${ns.table} WHERE session_id = $1 AND ${ns.column} = $2`,
      values: [sessionId, key],
    });
    return rows[0]?.value;
  }

  private async delete(ns: Namespace, sessionId: SessionId, key: string): Promise<boolean> {
    requireId(SessionId, sessionId, 'session id');
    requireText(key, ns.what, MAX_STORAGE_KEY_LENGTH);
    const { rowCount } = await this.ctx.query({
      name: this.ctx.statement(`${ns.table}_delete`),
      pipeline: true,
      text: `DELETE FROM ${this.ctx.q}.${ns.table} WHERE session_id = $1 AND ${ns.column} = $2`,
      values: [sessionId, key],
    });
    return (rowCount ?? 0) > 0;
  }

  /** Sorted by key in code-point order (`COLLATE "C"`), like a JavaScript sort, whatever the database collation. */
  private async list(ns: Namespace, sessionId: SessionId): Promise<KeyInfo[]> {
    requireId(SessionId, sessionId, 'session id');
    const { rows } = await this.ctx.query<KeyRow>({
      name: this.ctx.statement(`${ns.table}_list`),
      text: `SELECT ${ns.column} AS key, created_at, updated_at FROM ${this.ctx.q}.${ns.table} WHERE session_id = $1 ORDER BY ${ns.column} COLLATE "C"`,
      values: [sessionId],
    });
    return rows.map((row) => ({ key: row.key, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() }));
  }
}

function requireString(value: unknown): string {
  if (typeof value === 'string') return value;
  return requireText(value, 'secret value');
}
