import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { DemoRuntime } from '../demo-runtime.js';
import { createApp } from './app.js';
import { TurnTracker } from './turn-tracker.js';

/** A listening demo server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful shutdown: stops accepting connections, ends event streams, lets
   * running turns finish for `graceMs` (then aborts them), and closes the
   * runtime and every backend. Idempotent.
   */
  close(): Promise<void>;
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** 0 picks a free port. Default: the config's port. */
  port?: number;
  host?: string;
  /** Default: the config's `server.shutdownGraceMs`. */
  shutdownGraceMs?: number;
  /** Also close the demo runtime on shutdown (default true). */
  closeRuntime?: boolean;
}

/** Serves the demo's API and web page with `@hono/node-server`. */
export async function startServer(demo: DemoRuntime, options: StartServerOptions = {}): Promise<RunningServer> {
  const draining = new AbortController();
  const shutdown = new AbortController();
  const turns = new TurnTracker(demo.runtime);
  const app = createApp({ demo, turns, draining: draining.signal, shutdown: shutdown.signal });
  const host = options.host ?? demo.config.server.host;
  const graceMs = options.shutdownGraceMs ?? demo.config.server.shutdownGraceMs;

  const server = await new Promise<Server>((resolve, reject) => {
    const created = serve({ fetch: app.fetch, port: options.port ?? demo.config.server.port, hostname: host }, () => resolve(created as Server));
    created.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        draining.abort();
        server.closeIdleConnections();
        // Open event streams keep following, so watchers see the running turns end.
        await turns.shutdown(graceMs);
        shutdown.abort();
        // Streams end with the shutdown signal; give them a moment to flush, then cut what is left.
        await new Promise((resolve) => setTimeout(resolve, 50));
        server.closeAllConnections();
        await closed;
        if (options.closeRuntime ?? true) await demo.close();
      })();
      return closing;
    },
  };
}
