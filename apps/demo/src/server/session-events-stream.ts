import type { Runtime, SessionId } from '@org/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

/** Comment line sent when nothing else was, so proxies keep the connection open. */
const KEEP_ALIVE_MS = 15_000;
/** How soon a browser's EventSource reconnects after a drop. */
const RETRY_MS = 1_000;

/**
 * Streams a session's events as Server-Sent Events: every durable event after
 * `after` from the history, then live ones (deltas included), each durable
 * event once and in order. A durable event's SSE `id` is its `sequence`, so a
 * client reconnecting with `Last-Event-ID` resumes exactly after the last one
 * it got; ephemeral deltas carry no id (they are never replayed). The JSON in
 * `data` is the event itself; `event` is left unset so `onmessage` sees all.
 */
export function streamSessionEvents(c: Context, runtime: Runtime, sessionId: SessionId, options: { after: number; shutdown: AbortSignal }): Response {
  return streamSSE(c, async (stream) => {
    const stop = new AbortController();
    const end = () => stop.abort();
    stream.onAbort(end);
    options.shutdown.addEventListener('abort', end, { once: true });
    const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(end), KEEP_ALIVE_MS);
    try {
      await stream.write(`retry: ${RETRY_MS}\n\n`);
      for await (const event of runtime.subscribe(sessionId, { after: options.after, signal: stop.signal })) {
        if (stream.aborted) break;
        await stream.writeSSE({ data: JSON.stringify(event), ...(event.ephemeral ? {} : { id: String(event.sequence) }) });
      }
    } finally {
      clearInterval(keepAlive);
      options.shutdown.removeEventListener('abort', end);
    }
  });
}
