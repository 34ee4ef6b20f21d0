import { now, Session, SessionId, type SessionInput, type SessionPage, type SessionStatus, type SessionStore, ValidationError } from '@org/core';
import { compareSessionPositions, decodeSessionCursor, encodeSessionCursor, type SessionCursorPosition } from './session-cursor.js';
import { freezeInput, parseInput, requireId, requireInteger } from './validate.js';

/** Page size of `listSessions` when no limit is given. */
export const DEFAULT_SESSION_PAGE_SIZE = 50;
/** Largest page `listSessions` returns. */
export const MAX_SESSION_PAGE_SIZE = 1000;

const SESSION_STATUSES: ReadonlySet<string> = new Set<SessionStatus>(['started', 'active', 'idle', 'waiting_for_tool_results', 'paused']);

/** Options of {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /**
   * Called after a session is deleted, so stores that keep data under the
   * session (history, storage) can drop it too. `memoryBackends()` wires this.
   */
  onDelete?: (sessionId: SessionId) => void;
}

/**
 * Sessions in a map. Lists are ordered newest first (`createdAt` descending,
 * then id descending) and paged with an opaque cursor that stays valid while
 * sessions are added or removed.
 */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<SessionId, Session>();
  readonly #onDelete: ((sessionId: SessionId) => void) | undefined;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.#onDelete = options.onDelete;
  }

  /** Inserts or replaces by id. Throws `ValidationError` for a malformed session. */
  async putSession(session: Session | SessionInput): Promise<void> {
    const parsed = parseInput(Session, session, 'session');
    this.#sessions.set(parsed.id, freezeInput(parsed, 'session'));
  }

  async getSession(id: SessionId): Promise<Session | undefined> {
    const session = this.#sessions.get(requireId(SessionId, id, 'session id'));
    return session;
  }

  /** A page of at most `limit` (1–1000, default 50) sessions after `cursor`. */
  async listSessions(options: { limit?: number; cursor?: string } = {}): Promise<SessionPage> {
    const limit = requireInteger(options.limit ?? DEFAULT_SESSION_PAGE_SIZE, 'limit', 1, MAX_SESSION_PAGE_SIZE);
    const after = options.cursor === undefined ? undefined : decodeSessionCursor(options.cursor);
    const ordered = [...this.#sessions.values()]
      .map((session) => ({ session, position: positionOf(session) }))
      .filter((entry) => after === undefined || compareSessionPositions(entry.position, after) > 0)
      .sort((a, b) => compareSessionPositions(a.position, b.position));
    const page = ordered.slice(0, limit);
    const last = page.at(-1);
    const result: SessionPage = { sessions: page.map((entry) => entry.session) };
    if (last && ordered.length > limit) result.nextCursor = encodeSessionCursor(last.position);
    return result;
  }

  async updateSessionStatus(id: SessionId, status: SessionStatus): Promise<Session | undefined> {
    if (!SESSION_STATUSES.has(status)) {
      throw new ValidationError(`invalid session status: ${JSON.stringify(status)}`, [{ path: 'status', message: `expected one of ${[...SESSION_STATUSES].join(', ')}` }]);
    }
    return this.#update(id, (session) => {
      session.status = status;
    });
  }

  async updateSessionTitle(id: SessionId, title: string): Promise<Session | undefined> {
    if (typeof title !== 'string') throw new ValidationError('invalid session title: expected a string', [{ path: 'title', message: 'not a string' }]);
    return this.#update(id, (session) => {
      session.title = title;
    });
  }

  /** Removes the session (and, through `onDelete`, what other stores keep under it). */
  async deleteSession(id: SessionId): Promise<boolean> {
    const existed = this.#sessions.delete(requireId(SessionId, id, 'session id'));
    if (existed) this.#onDelete?.(id);
    return existed;
  }

  #update(id: SessionId, change: (session: Session) => void): Session | undefined {
    const current = this.#sessions.get(requireId(SessionId, id, 'session id'));
    if (!current) return undefined;
    // Copy on write: stored sessions are frozen and may be held by readers.
    const next = { ...current };
    change(next);
    next.updatedAt = now();
    this.#sessions.set(next.id, Object.freeze(next));
    return next;
  }
}

function positionOf(session: Session): SessionCursorPosition {
  return { createdAtMs: Date.parse(session.createdAt), id: session.id };
}
