import type { SessionId } from '../ids/index.js';

/** Metadata of a stored key or secret (never its value). */
export interface KeyInfo {
  key: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Per-session key-value storage and secrets, used by the `session_storage`
 * capability.
 *
 * Contract: values are JSON; set inserts or replaces (keeping `createdAt`);
 * list results are sorted by key; get of a missing key returns `undefined`;
 * delete returns whether something was removed. Secrets are a separate
 * namespace; `listSecrets` never returns values.
 */
export interface SessionStorageStore {
  setValue(sessionId: SessionId, key: string, value: unknown): Promise<void>;
  getValue(sessionId: SessionId, key: string): Promise<unknown | undefined>;
  deleteValue(sessionId: SessionId, key: string): Promise<boolean>;
  listValues(sessionId: SessionId): Promise<KeyInfo[]>;
  setSecret(sessionId: SessionId, name: string, value: string): Promise<void>;
  getSecret(sessionId: SessionId, name: string): Promise<string | undefined>;
  deleteSecret(sessionId: SessionId, name: string): Promise<boolean>;
  listSecrets(sessionId: SessionId): Promise<KeyInfo[]>;
}
