import { readFile } from 'node:fs/promises';
import { NotFoundError, SessionId, ValidationError } from '@org/core';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { DemoRuntime } from '../demo-runtime.js';
import { PROBLEM_CONTENT_TYPE, type Problem, problem, problemOf } from './problem.js';
import { streamSessionEvents } from './session-events-stream.js';
import type { TurnTracker } from './turn-tracker.js';

/** What the HTTP app serves from. */
export interface AppDependencies {
  demo: DemoRuntime;
  turns: TurnTracker;
  /** Aborts when a shutdown starts: new requests get 503. */
  draining: AbortSignal;
  /** Aborts when running turns are done during a shutdown: event streams end. */
  shutdown: AbortSignal;
}

const CreateSessionBody = z.strictObject({ title: z.string().trim().min(1).max(200).optional() });
const PostMessageBody = z.strictObject({ text: z.string().trim().min(1, 'must not be empty').max(20_000) });
const ListSessionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().min(1).optional() });
const PostMessageQuery = z.object({ wait: z.enum(['true', 'false', '1', '0']).optional() });
const FilesQuery = z.object({ path: z.string().min(1).max(4096).default('/workspace') });
const EventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

// Served as-is from apps/demo/public: no build step, a fixed list (nothing else on disk is reachable).
const PUBLIC_DIR = new URL('../../public/', import.meta.url);
const STATIC_FILES: Record<string, string> = {
  '/': 'index.html; text/html; charset=utf-8',
  '/app.js': 'app.js; text/javascript; charset=utf-8',
  '/app.css': 'app.css; text/css; charset=utf-8',
  '/favicon.svg': 'favicon.svg; image/svg+xml',
};

/**
 * The demo's HTTP API and web page (see the README for every route). Input is
 * validated with zod; every error is an RFC 9457 problem document.
 */
export function createApp({ demo, turns, draining, shutdown }: AppDependencies): Hono {
  const { runtime } = demo;
  const app = new Hono();

  app.use(async (c, next) => {
    if (draining.aborted && c.req.path !== '/healthz') return send(c, problem(503, 'the server is shutting down'));
    await next();
  });
  app.onError((error, c) => send(c, problemOf(error)));
  app.notFound((c) => send(c, problem(404, `no route ${c.req.method} ${c.req.path}`)));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks = await demo.checkReadiness();
    if (checks.every((check) => check.ok)) return c.json({ status: 'ready', checks });
    const failed = checks.filter((check) => !check.ok).map((check) => `${check.component} (${check.kind}): ${check.error}`);
    return send(c, problem(503, `backend not ready: ${failed.join('; ')}`, { checks }));
  });
  app.get('/api/info', (c) => c.json({ backends: demo.description, config: kindsOf(demo) }));

  app.post('/api/sessions', async (c) => {
    const body = parse(CreateSessionBody, await jsonBody(c, true), 'body');
    const session = await demo.createSession(body.title);
    return c.json(session, 201, { Location: `/api/sessions/${session.id}` });
  });
  app.get('/api/sessions', async (c) => {
    const query = parse(ListSessionsQuery, c.req.query(), 'query');
    return c.json(await runtime.backends.sessions.listSessions({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }));
  });
  app.get('/api/sessions/:id', async (c) => c.json(await requireSession(c)));

  app.post('/api/sessions/:id/messages', async (c) => {
    const session = await requireSession(c);
    const query = parse(PostMessageQuery, c.req.query(), 'query');
    const body = parse(PostMessageBody, await jsonBody(c), 'body');
    const started = await turns.start(session.id, body.text);
    const accepted = { sessionId: session.id, turnId: started.turnId, inputMessageId: started.inputMessageId };
    if (query.wait === 'true' || query.wait === '1') return c.json({ ...accepted, result: await started.result });
    return c.json({ ...accepted, events: `/api/sessions/${session.id}/events` }, 202);
  });
  app.get('/api/sessions/:id/messages', async (c) => {
    const session = await requireSession(c);
    return c.json({ messages: await runtime.messages(session.id) });
  });

  app.get('/api/sessions/:id/events', async (c) => {
    const session = await requireSession(c);
    const query = parse(EventsQuery, c.req.query(), 'query');
    const lastEventId = c.req.header('Last-Event-ID');
    // The SSE id of an event is its durable sequence; a reconnecting EventSource sends the last one back.
    const fromHeader = lastEventId === undefined || lastEventId === '' ? undefined : parse(z.coerce.number().int().min(0), lastEventId, 'Last-Event-ID');
    return streamSessionEvents(c, runtime, session.id, { after: fromHeader ?? query.after ?? 0, shutdown });
  });

  app.get('/api/sessions/:id/files', async (c) => {
    const session = await requireSession(c);
    const { path } = parse(FilesQuery, c.req.query(), 'query');
    const info = await runtime.files.stat(session.id, path);
    if (!info) throw new NotFoundError('file', path);
    if (info.isDirectory) {
      const listing = await runtime.files.list(session.id, path, { limit: 500 });
      return c.json({ kind: 'directory', path: info.path, entries: listing.entries, totalCount: listing.totalCount });
    }
    const file = await runtime.files.read(session.id, path);
    if (!file) throw new NotFoundError('file', path);
    return c.json({ kind: 'file', ...file });
  });

  app.get('*', async (c, next) => {
    const entry = STATIC_FILES[c.req.path];
    if (!entry) return next();
    const [name, type] = entry.split('; ', 2) as [string, string];
    const body = await readFile(new URL(name, PUBLIC_DIR));
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  });

  async function requireSession(c: Context) {
    const id = parse(SessionId.schema, c.req.param('id'), 'session id');
    const session = await runtime.backends.sessions.getSession(id);
    if (!session) throw new NotFoundError('session', id);
    return session;
  }

  return app;
}

function send(c: Context, body: Problem): Response {
  return c.body(JSON.stringify({ ...body, instance: c.req.path }), body.status as 400, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}

async function jsonBody(c: Context, optional = false): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (optional) return {};
    throw new ValidationError('the request needs a JSON body', [{ path: 'body', message: 'missing' }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`the body is not valid JSON: ${(error as Error).message}`, [{ path: 'body', message: 'invalid JSON' }]);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: [what, ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new ValidationError(`invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function kindsOf(demo: DemoRuntime) {
  const { stores, bus, files, driver } = demo.config;
  return { stores: stores.kind, bus: bus.kind, files: files.kind, driver: driver.kind };
}
