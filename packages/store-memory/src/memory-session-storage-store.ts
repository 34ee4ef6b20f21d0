import { type KeyInfo, now, SessionId, type SessionStorageStore, ValidationError } from '@org/core';
import { assertJsonValue } from './json-value.js';
import { requireId, requireText } from './validate.js';

/** Longest key or secret name accepted (the `kv_store` tool's limit). */
export const MAX_STORAGE_KEY_LENGTH = 255;

interface StoredEntry<V> {
  value: V;
  createdAt: string;
  updatedAt: string;
}

interface SessionEntries {
  values: Map<string, StoredEntry<unknown>>;
  secrets: Map<string, StoredEntry<string>>;
}

/**
 * Per-session JSON values and secrets in memory. Values are copied in and
 * out; lists are sorted by key (code-unit order) and never carry values.
 */
export class MemorySessionStorageStore implements SessionStorageStore {
  readonly #sessions = new Map<SessionId, SessionEntries>();

  /** Inserts or replaces a JSON value, keeping `createdAt`. Non-JSON values are a `ValidationError`. */
  async setValue(sessionId: SessionId, key: string, value: unknown): Promise<void> {
    requireText(key, 'storage key', MAX_STORAGE_KEY_LENGTH);
    assertJsonValue(value, `value of ${key}`);
    const entries = this.#entries(sessionId, true);
    upsert(entries.values, key, structuredClone(value));
  }

  async getValue(sessionId: SessionId, key: string): Promise<unknown | undefined> {
    const entry = this.#entries(sessionId)?.values.get(requireText(key, 'storage key', MAX_STORAGE_KEY_LENGTH));
    return entry && structuredClone(entry.value);
  }

  async deleteValue(sessionId: SessionId, key: string): Promise<boolean> {
    return this.#entries(sessionId)?.values.delete(requireText(key, 'storage key', MAX_STORAGE_KEY_LENGTH)) ?? false;
  }

  async listValues(sessionId: SessionId): Promise<KeyInfo[]> {
    return listed(this.#entries(sessionId)?.values);
  }

  /** Inserts or replaces a secret (a string), keeping `createdAt`. */
  async setSecret(sessionId: SessionId, name: string, value: string): Promise<void> {
    requireText(name, 'secret name', MAX_STORAGE_KEY_LENGTH);
    if (typeof value !== 'string') throw new ValidationError(`invalid value of secret ${name}: expected a string`, [{ path: 'value', message: 'not a string' }]);
    const entries = this.#entries(sessionId, true);
    upsert(entries.secrets, name, value);
  }

  async getSecret(sessionId: SessionId, name: string): Promise<string | undefined> {
    return this.#entries(sessionId)?.secrets.get(requireText(name, 'secret name', MAX_STORAGE_KEY_LENGTH))?.value;
  }

  async deleteSecret(sessionId: SessionId, name: string): Promise<boolean> {
    return this.#entries(sessionId)?.secrets.delete(requireText(name, 'secret name', MAX_STORAGE_KEY_LENGTH)) ?? false;
  }

  /** Secret names and timestamps, sorted by name; never the values. */
  async listSecrets(sessionId: SessionId): Promise<KeyInfo[]> {
    return listed(this.#entries(sessionId)?.secrets);
  }

  /** Drops every value and secret of a session (used when the session is deleted). */
  deleteSession(sessionId: SessionId): boolean {
    return this.#sessions.delete(sessionId);
  }

  #entries(sessionId: SessionId, create: true): SessionEntries;
  #entries(sessionId: SessionId): SessionEntries | undefined;
  #entries(sessionId: SessionId, create = false): SessionEntries | undefined {
    requireId(SessionId, sessionId, 'session id');
    let entries = this.#sessions.get(sessionId);
    if (!entries && create) {
      entries = { values: new Map(), secrets: new Map() };
      this.#sessions.set(sessionId, entries);
    }
    return entries;
  }
}

function upsert<V>(map: Map<string, StoredEntry<V>>, key: string, value: V): void {
  const timestamp = now();
  const existing = map.get(key);
  map.set(key, { value, createdAt: existing?.createdAt ?? timestamp, updatedAt: timestamp });
}

function listed(map: Map<string, StoredEntry<unknown>> | undefined): KeyInfo[] {
  if (!map) return [];
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, entry]) => ({ key, createdAt: entry.createdAt, updatedAt: entry.updatedAt }));
}
