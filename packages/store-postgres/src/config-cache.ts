import { createHash } from 'node:crypto';
import { deepFreezeJson } from '@org/core';
import type pg from 'pg';
import type { PostgresContext } from './postgres-context.js';
import { quoteIdentifier } from './schema-name.js';

/** Wait before reconnecting a dropped LISTEN connection. */
const RECONNECT_DELAY_MS = 250;

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
  readonly #channel: string;
  /** Bumped by every invalidation: a read that started before one must not store its (maybe stale) result. */
  #generation = 0;
  #listener: pg.PoolClient | undefined;
  #connecting: Promise<void> | undefined;
  #detach: (() => void) | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly ctx: PostgresContext) {
    this.#channel = configChannelOf(ctx.schema);
  }

  /** Whether reads are served from memory now (the LISTEN connection is up). */
  get live(): boolean {
    return this.#listener !== undefined;
  }

  /**
   * The cached value under `key`, or `load()`'s result (cached when no change
   * was announced meanwhile). Starts listening on first use.
   */
  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.#listener) {
      this.#start();
      return load();
    }
    if (this.#entries.has(key)) return this.#entries.get(key) as T;
    const generation = this.#generation;
    const value = await load();
    if (this.#listener && generation === this.#generation) this.#entries.set(key, deepFreezeJson(value, 'configuration'));
    return value;
  }

  /** Forgets everything (a configuration change: ours, or announced by another process). */
  invalidate(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  /** Releases the LISTEN connection; reads go to the database from now on. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.invalidate();
    const listener = this.#listener;
    if (!listener) return;
    this.#listener = undefined;
    this.#detach?.();
    this.#detach = undefined;
    await listener.query(`UNLISTEN ${quoteIdentifier(this.#channel)}`).catch(() => {});
    listener.on('error', () => {});
    listener.release();
  }

  #start(): void {
    if (this.#closed || this.#connecting || this.#reconnectTimer) return;
    this.#connecting = this.#connect()
      .catch(() => this.#scheduleReconnect())
      .finally(() => {
        this.#connecting = undefined;
      });
  }

  async #connect(): Promise<void> {
    const client = await this.ctx.connect();
    const onLost = () => {
      if (this.#listener !== client) return;
      this.#drop(client, true);
      this.#scheduleReconnect();
    };
    const onNotification = (message: pg.Notification) => {
      if (message.channel === this.#channel) this.invalidate();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', onNotification);
    const detach = () => {
      client.removeListener('error', onLost);
      client.removeListener('end', onLost);
      client.removeListener('notification', onNotification);
    };
    try {
      await client.query(`LISTEN ${quoteIdentifier(this.#channel)}`);
    } catch (error) {
      detach();
      client.release(true);
      throw error;
    }
    if (this.#closed) {
      detach();
      client.release(true);
      return;
    }
    // Changes made before LISTEN took effect were not announced to us: start empty.
    this.invalidate();
    this.#detach = detach;
    this.#listener = client;
  }

  /** Stops serving from memory and hands the connection back (`destroy`: close it instead of reusing it). */
  #drop(client: pg.PoolClient | undefined, destroy: boolean): void {
    this.invalidate();
    if (!client || this.#listener !== client) return;
    this.#listener = undefined;
    this.#detach?.();
    this.#detach = undefined;
    // Swallow a late socket error between detaching and the pool taking the client back.
    client.on('error', () => {});
    client.release(destroy || undefined);
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#start();
    }, RECONNECT_DELAY_MS);
    this.#reconnectTimer.unref();
  }
}
