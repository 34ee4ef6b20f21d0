import type { Agent } from '../domain/agent.js';
import type { Harness } from '../domain/harness.js';
import type { Session } from '../domain/session.js';
import type { SessionStatus } from '../domain/status.js';
import type { AgentId, HarnessId, SessionId } from '../ids/index.js';

/**
 * Harness persistence.
 *
 * Contract: `putHarness` inserts or replaces by id (idempotent).
 * `getHarnessChain` returns root first, the requested harness last, following
 * `parentHarnessId`; an unknown id gives `[]`; a cycle throws a
 * `ConfigurationError` whose message contains "Harness inheritance cycle detected".
 */
export interface HarnessStore {
  putHarness(harness: Harness): Promise<void>;
  getHarness(id: HarnessId): Promise<Harness | undefined>;
  getHarnessChain(id: HarnessId): Promise<Harness[]>;
}

/** Agent persistence. `putAgent` inserts or replaces by id. */
export interface AgentStore {
  putAgent(agent: Agent): Promise<void>;
  getAgent(id: AgentId): Promise<Agent | undefined>;
}

/** A page of sessions, newest first. */
export interface SessionPage {
  sessions: Session[];
  /** Pass back as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Session persistence.
 *
 * Contract: `putSession` inserts or replaces by id. `updateSessionStatus` and
 * `updateSessionTitle` set `updatedAt` and return the updated session, or
 * `undefined` when it does not exist. `listSessions` orders by `createdAt`
 * descending then id descending, and pages with an opaque cursor.
 * `deleteSession` removes the session and everything stored under it in this
 * store (messages, events, storage values) where the store holds them; it
 * returns false when the session did not exist.
 */
export interface SessionStore {
  putSession(session: Session): Promise<void>;
  getSession(id: SessionId): Promise<Session | undefined>;
  listSessions(options?: { limit?: number; cursor?: string }): Promise<SessionPage>;
  updateSessionStatus(id: SessionId, status: SessionStatus): Promise<Session | undefined>;
  updateSessionTitle(id: SessionId, title: string): Promise<Session | undefined>;
  deleteSession(id: SessionId): Promise<boolean>;
}
