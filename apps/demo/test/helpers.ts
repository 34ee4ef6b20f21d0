import { type DemoConfigInput, resolveConfig } from '../src/config.js';
import { type DemoRuntime, startDemoRuntime } from '../src/demo-runtime.js';
import { type RunningServer, startServer } from '../src/server/start-server.js';

/** A demo runtime on `config` (memory everything by default), streaming fast. */
export async function startTestDemo(config: DemoConfigInput = {}): Promise<DemoRuntime> {
  return startDemoRuntime(resolveConfig({ driver: { kind: 'llmsim', chunkLatencyMs: 2 }, ...config }, {}), { validateEvents: true });
}

/** A demo runtime and its HTTP server on a free port. */
export async function startTestServer(config: DemoConfigInput = {}, shutdownGraceMs = 2_000): Promise<{ demo: DemoRuntime; server: RunningServer }> {
  const demo = await startTestDemo(config);
  const server = await startServer(demo, { port: 0, host: '127.0.0.1', shutdownGraceMs });
  return { demo, server };
}

/** One Server-Sent Event as received. */
export interface SseMessage {
  id?: string;
  data: string;
}

/**
 * A minimal SSE client over fetch, so tests see the raw `id:` lines and can
 * cut the connection at an exact point. `lastEventId` is sent as `Last-Event-ID`.
 */
export function openEventStream(url: string, options: { lastEventId?: string } = {}) {
  const controller = new AbortController();
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = options.lastEventId;
  const response = fetch(url, { headers, signal: controller.signal });
  async function* messages(): AsyncGenerator<SseMessage> {
    const res = await response;
    if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) data.push(line.slice(6));
            else if (line.startsWith('id: ')) message.id = line.slice(4);
          }
          if (data.length === 0) continue; // comments, retry hints
          message.data = data.join('\n');
          yield message;
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    }
  }
  return { response, messages: messages(), close: () => controller.abort() };
}
