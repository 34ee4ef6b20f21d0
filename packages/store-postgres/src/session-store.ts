import { Session, SessionId, type SessionPage, SessionStatus, type SessionStore, ValidationError } from '@org/core';
import type { PostgresContext } from './postgres-context.js';
import { decodeSessionCursor, encodeSessionCursor } from './session-cursor.js';
import { requireId, requireInteger, validate } from './validation.js';

/** Page size of `listSessions` when no limit is given, and the largest allowed. */
export const DEFAULT_SESSION_PAGE_SIZE = 50;
export const MAX_SESSION_PAGE_SIZE = 1000;

/**
 * `SessionStore` on PostgreSQL. `deleteSession` is also the retention helper:
 * in one statement it removes the session and everything this package keeps
 * under it (events, messages, sequence head, storage values, secrets, lease).
 */
export class PostgresSessionStore implements SessionStore {
  constructor(private readonly ctx: PostgresContext) {}

  async putSession(session: Session): Promise<void> {
    const valid = validate(Session, session, 'session');
    await this.ctx.query({
      name: this.ctx.statement('session_put'),
      pipeline: true,
      text: `INSERT INTO ${this.ctx.q}.sessions (id, created_at, body) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET created_at = EXCLUDED.created_at, body = EXCLUDED.body`,
      values: [valid.id, valid.createdAt, JSON.stringify(valid)],
    });
  }

  async getSession(id: SessionId): Promise<Session | undefined> {
    requireId(SessionId, id, 'session id');
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement('session_get'),
      pipeline: true,
      text: `SELECT body FROM ${this.ctx.q}.sessions WHERE id = $1`,
      values: [id],
    });
    return rows[0] ? Session.parse(rows[0].body) : undefined;
  }

  /** Newest first by (createdAt, id); reads one row more than `limit` to know whether a next page exists. */
  async listSessions(options: { limit?: number; cursor?: string } = {}): Promise<SessionPage> {
    const limit = requireInteger(options.limit ?? DEFAULT_SESSION_PAGE_SIZE, 'limit', 1, MAX_SESSION_PAGE_SIZE);
    const after = options.cursor === undefined ? undefined : decodeSessionCursor(options.cursor);
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement(after ? 'session_list_after' : 'session_list'),
      text: after
        ? `SELECT body FROM ${this.ctx.q}.sessions WHERE (created_at, id) < ($2::timestamptz, $3) ORDER BY created_at DESC, id DESC LIMIT $1`
        : `SELECT body FROM ${this.ctx.q}.sessions ORDER BY created_at DESC, id DESC LIMIT $1`,
      values: after ? [limit + 1, after.createdAt, after.id] : [limit + 1],
    });
    const sessions = rows.slice(0, limit).map((row) => Session.parse(row.body));
    const last = sessions.at(-1);
    const page: SessionPage = { sessions };
    if (rows.length > limit && last) page.nextCursor = encodeSessionCursor({ createdAt: last.createdAt, id: last.id });
    return page;
  }

  async updateSessionStatus(id: SessionId, status: SessionStatus): Promise<Session | undefined> {
    requireId(SessionId, id, 'session id');
    return this.patch(id, 'status', validate(SessionStatus, status, 'session status'));
  }

  async updateSessionTitle(id: SessionId, title: string): Promise<Session | undefined> {
    requireId(SessionId, id, 'session id');
    if (typeof title !== 'string') throw new ValidationError('invalid session title: expected a string', [{ path: 'title', message: 'not a string' }]);
    return this.patch(id, 'title', title);
  }

  /** Sets one top-level field and `updatedAt` in a single statement. */
  private async patch(id: SessionId, field: 'status' | 'title', value: string): Promise<Session | undefined> {
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement(`session_patch_${field}`),
      pipeline: true,
      text: `UPDATE ${this.ctx.q}.sessions
             SET body = body || jsonb_build_object('${field}', $2::text, 'updatedAt', $3::text)
             WHERE id = $1 RETURNING body`,
      values: [id, value, new Date().toISOString()],
    });
    return rows[0] ? Session.parse(rows[0].body) : undefined;
  }

  async deleteSession(id: SessionId): Promise<boolean> {
    requireId(SessionId, id, 'session id');
    const q = this.ctx.q;
    // Data-modifying CTEs all run, referenced or not, in one transaction. The lease row goes before the head
    // row (PostgreSQL runs unreferenced CTEs in the order written), the order lease acquire and fenced appends
    // lock them in, so a racing turn does not deadlock with it.
    const { rows } = await this.ctx.query<{ existed: boolean }>({
      name: this.ctx.statement('session_delete'),
      text: `WITH deleted AS (DELETE FROM ${q}.sessions WHERE id = $1 RETURNING id),
                  l AS (DELETE FROM ${q}.session_leases WHERE session_id = $1),
                  h AS (DELETE FROM ${q}.event_heads WHERE session_id = $1),
                  e AS (DELETE FROM ${q}.events WHERE session_id = $1),
                  m AS (DELETE FROM ${q}.messages WHERE session_id = $1),
                  v AS (DELETE FROM ${q}.session_values WHERE session_id = $1),
                  s AS (DELETE FROM ${q}.session_secrets WHERE session_id = $1)
             SELECT EXISTS (SELECT 1 FROM deleted) AS existed`,
      values: [id],
    });
    return rows[0]?.existed ?? false;
  }
}
