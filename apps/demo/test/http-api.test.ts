import type { Event } from '@org/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRuntime } from '../src/demo-runtime.js';
import { REPORT_PATH } from '../src/scenario-script.js';
import type { RunningServer } from '../src/server/start-server.js';
import { startTestServer } from './helpers.js';

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('the HTTP API', () => {
  let demo: DemoRuntime;
  let server: RunningServer;
  const url = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    ({ demo, server } = await startTestServer({ driver: { kind: 'llmsim', chunkLatencyMs: 5 } }));
  });
  afterAll(async () => {
    await server.close();
  });

  async function createSession(title = 'API test'): Promise<string> {
    const response = await fetch(url('/api/sessions'), json({ title }));
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  async function expectProblem(response: Response, status: number, detail: RegExp) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as { type: string; title: string; status: number; detail: string; instance: string };
    expect(body).toMatchObject({ status, type: expect.stringMatching(/^urn:agent-runtime:problem:/), title: expect.any(String) });
    expect(body.detail).toMatch(detail);
    return body;
  }

  it('answers health and readiness with every backend checked', async () => {
    expect(await (await fetch(url('/healthz'))).json()).toEqual({ status: 'ok' });
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: { component: string; ok: boolean }[] };
    expect(body.checks.map((c) => [c.component, c.ok])).toEqual([
      ['stores', true],
      ['bus', true],
      ['files', true],
    ]);
  });

  it('creates and lists sessions', async () => {
    const id = await createSession('Listed');
    const list = (await (await fetch(url('/api/sessions?limit=100'))).json()) as { sessions: { id: string; title?: string }[] };
    expect(list.sessions.find((s) => s.id === id)?.title).toBe('Listed');
    expect((await (await fetch(url(`/api/sessions/${id}`))).json()) as { id: string }).toMatchObject({ id });
  });

  it('runs a turn with ?wait=true and exposes its messages and files', async () => {
    const id = await createSession();
    const response = await fetch(url(`/api/sessions/${id}/messages?wait=true`), json({ text: 'Weather in Rome and Cairo?' }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { inputMessageId: string; result: { success: boolean; response: string } };
    expect(body.result.success).toBe(true);
    expect(body.result.response).toMatch(/Rome[\s\S]*Cairo/);

    const { messages } = (await (await fetch(url(`/api/sessions/${id}/messages`))).json()) as { messages: { id: string; role: string }[] };
    expect(messages[0]).toMatchObject({ id: body.inputMessageId, role: 'user' });
    expect(messages.at(-1)?.role).toBe('agent');

    const listing = (await (await fetch(url(`/api/sessions/${id}/files?path=/workspace`))).json()) as { kind: string; entries: { name: string }[] };
    expect(listing.kind).toBe('directory');
    expect(listing.entries.map((e) => e.name)).toContain('weather-report.md');
    const file = (await (await fetch(url(`/api/sessions/${id}/files?path=${encodeURIComponent(REPORT_PATH)}`))).json()) as { kind: string; content: string };
    expect(file.kind).toBe('file');
    expect(file.content).toMatch(/\| Rome \|/);
    await expectProblem(await fetch(url(`/api/sessions/${id}/files?path=/workspace/nope.txt`)), 404, /nope\.txt/);
  });

  it('accepts a turn with 202 and refuses a second one on the busy session with 409', async () => {
    const id = await createSession();
    const accepted = await fetch(url(`/api/sessions/${id}/messages`), json({ text: 'Weather in Lima and Quito?' }));
    expect(accepted.status).toBe(202);
    const body = (await accepted.json()) as { inputMessageId: string; turnId: string };
    expect(body.inputMessageId).toMatch(/^message_/);
    expect(body.turnId).toMatch(/^turn_/);
    await expectProblem(await fetch(url(`/api/sessions/${id}/messages`), json({ text: 'And Oslo?' })), 409, /already running/);
    // The refused message was not recorded: once the first turn ends there is exactly one user message.
    await waitForEvent(demo, id, 'session.idled');
    const messages = await demo.runtime.messages(id);
    expect(messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('rejects bad input with 400 problems naming the field', async () => {
    const id = await createSession();
    const empty = await expectProblem(await fetch(url(`/api/sessions/${id}/messages`), json({ text: '  ' })), 400, /body\.text: must not be empty/);
    expect(empty).toHaveProperty('errors');
    await expectProblem(await fetch(url(`/api/sessions/${id}/messages`), json({ txt: 'hi' })), 400, /body\.text/);
    await expectProblem(
      await fetch(url(`/api/sessions/${id}/messages`), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":' }),
      400,
      /not valid JSON/,
    );
    await expectProblem(await fetch(url('/api/sessions/not-an-id/messages'), json({ text: 'hi' })), 400, /session id/);
    await expectProblem(await fetch(url('/api/sessions?limit=0')), 400, /query\.limit/);
    await expectProblem(await fetch(url(`/api/sessions/${id}/events`), { headers: { 'Last-Event-ID': 'abc' } }), 400, /Last-Event-ID/);
    expect(await demo.runtime.messages(id)).toEqual([]);
  });

  it('answers 404 problems for unknown sessions and routes', async () => {
    await expectProblem(await fetch(url('/api/sessions/session_0000000000000000000000000000abcd/messages'), json({ text: 'hi' })), 404, /session/);
    await expectProblem(await fetch(url('/api/nothing-here')), 404, /no route GET \/api\/nothing-here/);
  });

  it('serves the web page and its assets', async () => {
    const page = await fetch(url('/'));
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    expect((await fetch(url('/app.js'))).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(url('/app.css'))).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('lets a running turn finish, then refuses requests and closes the runtime', async () => {
    const { demo, server } = await startTestServer({ driver: { kind: 'llmsim', chunkLatencyMs: 5 } }, 10_000);
    const session = await demo.createSession('shutdown');
    const accepted = await fetch(`${server.url}/api/sessions/${session.id}/messages`, json({ text: 'Weather in Oslo and Bergen?' }));
    expect(accepted.status).toBe(202);
    await server.close();
    const events = await demo.runtime.events(session.id).catch(() => [] as Event[]);
    // Memory stores stay readable after close: the turn ran to its end before the runtime closed.
    expect(events.map((e) => e.type)).toContain('turn.completed');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

async function waitForEvent(demo: DemoRuntime, sessionId: string, type: string): Promise<void> {
  const stop = new AbortController();
  for await (const event of demo.runtime.subscribe(sessionId, { signal: stop.signal }))
    if (event.type === type) {
      stop.abort();
      return;
    }
}
