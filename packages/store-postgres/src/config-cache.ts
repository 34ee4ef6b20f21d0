import { createHash } from 'node:crypto';
import { deepFreezeJson } from '@org/core';
import type { PostgresContext } from './postgres-context.js';
import { ListenConnection } from './listen-connection.js';

/** The channel the configuration tables' triggers notify on (see migration 002): `<schema>:config`, hashed when too long. */
export function configChannelOf(schema: string): string {
  const plain = `${schema}:config`;
  if (Buffer.byteLength(plain) <= 63) return plain;
  return `${schema.slice(0, 40)}:${createHash('md5').update(schema).digest('hex').slice(0, 16)}:cf`;
}

/**
 * A process-local cache of configuration reads (harness chains, agents,
 * models, the default model), so a turn does not spend round trips on
 * configuration that rarely changes. It stays correct across processes:
 * triggers on those tables send a `NOTIFY` at every committed change (any
 * writer, even plain SQL), and a notification empties the cache. It serves
 * from memory only while its `LISTEN` connection is up; before that, and
 * while it reconnects, every read goes to the database (and a reconnect
 * empties it, since changes may have been missed).
 *
 * What a reader may see: a change committed by another process is visible
 * here once its notification arrives (normally within a millisecond or two);
 * this process's own writes are visible at once. Cached values are frozen.
 */
export class ConfigCache {
  readonly #entries = new Map<string, unknown>();
  /** Bumped by every invalidation: a read that started before one must not store its (maybe stale) result. */
  #generation = 0;
  readonly #listener: ListenConnection;

  constructor(ctx: PostgresContext) {
    // Every announced change empties the cache; so does losing or (re)gaining LISTEN, since changes may have gone unheard.
    this.#listener = new ListenConnection(ctx, configChannelOf(ctx.schema), {
      notification: () => this.invalidate(),
      up: () => this.invalidate(),
      down: () => this.invalidate(),
    });
  }

  /** Whether reads are served from memory now (the LISTEN connection is up). */
  get live(): boolean {
    return this.#listener.up;
  }

  /**
   * The cached value under `key`, or `load()`'s result (cached when no change
   * was announced meanwhile). Starts listening on first use.
   */
  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.#listener.up) {
      this.#listener.start();
      return load();
    }
    if (this.#entries.has(key)) return this.#entries.get(key) as T;
    const generation = this.#generation;
    const value = await load();
    if (this.#listener.up && generation === this.#generation) this.#entries.set(key, deepFreezeJson(value, 'configuration'));
    return value;
  }

  /** Forgets everything (a configuration change: ours, or announced by another process). */
  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  /** Releases the LISTEN connection; reads go to the database from now on. */
  async close(): Promise<void> {
    this.invalidate();
    await this.#listener.close();
  }
}
