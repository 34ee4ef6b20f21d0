import type pg from 'pg';
import type { PostgresContext } from './postgres-context.js';
import { quoteIdentifier } from './schema-name.js';

/** Wait before reconnecting a dropped LISTEN connection (4× that between failed attempts). */
const RECONNECT_DELAY_MS = 250;

/** What a {@link ListenConnection} reports. */
export interface ListenHandlers {
  /** A notification on the channel. */
  notification(payload: string | undefined): void;
  /** LISTEN took effect; `again` after a lost connection (notifications in between were missed). */
  up?(again: boolean): void;
  /** The connection was lost; reconnecting follows. */
  down?(): void;
}

/**
 * One pooled connection that LISTENs on a channel, reconnected when it
 * drops (after 250 ms, then every second while that fails). Shared by the
 * event bus and the configuration cache, which differ only in what they do
 * with notifications and with a lost or regained connection.
 */
export class ListenConnection {
  #client: pg.PoolClient | undefined;
  #detach: (() => void) | undefined;
  #connecting: Promise<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly ctx: PostgresContext,
    private readonly channel: string,
    private readonly handlers: ListenHandlers,
  ) {}

  /** Whether LISTEN is in effect now. */
  get up(): boolean {
    return this.#client !== undefined;
  }

  /** Listens (concurrent callers share the attempt); rejects when connecting fails or the connection was closed. */
  connect(): Promise<void> {
    return this.#connect(false);
  }

  /** Starts listening in the background, retrying like after a loss until it listens or is closed. */
  start(): void {
    if (this.#closed || this.#client || this.#connecting || this.#reconnectTimer) return;
    this.#connect(false).catch(() => this.#reconnectAfter(RECONNECT_DELAY_MS));
  }

  /** Stops listening for good: UNLISTEN, and the connection goes back to the pool. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const client = this.#client;
    if (!client) return;
    this.#client = undefined;
    this.#detach?.();
    await client.query(`UNLISTEN ${quoteIdentifier(this.channel)}`).catch(() => {});
    this.#release(client, false);
  }

  #connect(again: boolean): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`stopped listening on ${this.channel}`));
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#open(again).finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(again: boolean): Promise<void> {
    const client = await this.ctx.connect();
    const onLost = (error?: Error) => this.#lost(client, error);
    const onNotification = (message: pg.Notification) => {
      if (message.channel === this.channel) this.handlers.notification(message.payload);
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', onNotification);
    // Only our own handlers come off: the pool keeps its listeners on the client.
    const detach = () => {
      client.removeListener('error', onLost);
      client.removeListener('end', onLost);
      client.removeListener('notification', onNotification);
    };
    try {
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    } catch (error) {
      detach();
      this.#release(client, true);
      throw error;
    }
    if (this.#closed) {
      detach();
      this.#release(client, true);
      return;
    }
    this.#client = client;
    this.#detach = detach;
    this.handlers.up?.(again);
  }

  #lost(client: pg.PoolClient, error?: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#detach?.();
    this.#release(client, error ?? true);
    this.handlers.down?.();
    this.#reconnectAfter(RECONNECT_DELAY_MS);
  }

  #reconnectAfter(delayMs: number): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#closed) return;
      this.#connect(true).catch(() => this.#reconnectAfter(RECONNECT_DELAY_MS * 4));
    }, delayMs);
    this.#reconnectTimer.unref();
  }

  /** Hands the connection back; `destroy` closes it instead of reusing it. */
  #release(client: pg.PoolClient, destroy: boolean | Error): void {
    // Swallow a late socket error between detaching and the pool taking the client back.
    client.on('error', () => {});
    client.release(destroy === false ? undefined : destroy);
  }
}
