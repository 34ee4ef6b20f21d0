import type { Event } from '@org/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRuntime } from '../src/demo-runtime.js';
import type { RunningServer } from '../src/server/start-server.js';
import { openEventStream, startTestServer } from './helpers.js';

describe('SSE event stream', () => {
  let demo: DemoRuntime;
  let server: RunningServer;
  beforeAll(async () => {
    // Slow enough that the connection is dropped while the turn is still running.
    ({ demo, server } = await startTestServer({ driver: { kind: 'llmsim', chunkLatencyMs: 8 } }));
  });
  afterAll(async () => {
    await server.close();
  });

  it('resumes after a dropped connection with Last-Event-ID, delivering every durable event exactly once', async () => {
    const session = await demo.createSession('SSE resume');
    const eventsUrl = `${server.url}/api/sessions/${session.id}/events`;

    // First connection: follow until the turn is in the middle of its first act step, then drop it.
    const first = openEventStream(eventsUrl);
    expect((await first.response).headers.get('content-type')).toMatch(/^text\/event-stream/);
    const posted = await fetch(`${server.url}/api/sessions/${session.id}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Weather in Paris and Tokyo?' }),
    });
    expect(posted.status).toBe(202);
    const received: { id?: string; event: Event }[] = [];
    for await (const message of first.messages) {
      const event = JSON.parse(message.data) as Event;
      received.push({ ...(message.id !== undefined ? { id: message.id } : {}), event });
      if (event.type === 'tool.completed') break;
    }
    first.close();
    const beforeDrop = received.filter((r) => !r.event.ephemeral);
    expect(beforeDrop.map((r) => r.event.type)).not.toContain('turn.completed');
    // Durable events carry their sequence as the SSE id; deltas carry none.
    for (const r of received) expect(r.id).toBe(r.event.ephemeral ? undefined : String(r.event.sequence));
    const lastEventId = beforeDrop.at(-1)?.id;
    expect(lastEventId).toBeDefined();

    // Second connection resumes after the last id seen and follows the turn to its end.
    const second = openEventStream(eventsUrl, { lastEventId });
    const resumed: Event[] = [];
    for await (const message of second.messages) {
      const event = JSON.parse(message.data) as Event;
      resumed.push(event);
      if (event.type === 'session.idled') break;
    }
    second.close();

    const durable = [...beforeDrop.map((r) => r.event), ...resumed.filter((e) => !e.ephemeral)];
    const stored = await demo.runtime.events(session.id);
    expect(durable.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(durable.map((e) => e.sequence)).toEqual(stored.map((_, index) => index + 1));
    expect(resumed[0]?.sequence).toBe(Number(lastEventId) + 1);
    // The answer still streamed live on the second connection.
    expect(resumed.some((e) => e.type === 'output.message.delta')).toBe(true);
  });

  it('replays from ?after= when there is no Last-Event-ID', async () => {
    const session = await demo.createSession('SSE after');
    await demo.runtime.runTextTurn(session.id, 'Weather in Oslo and Rome?');
    const stream = openEventStream(`${server.url}/api/sessions/${session.id}/events?after=3`);
    const sequences: number[] = [];
    for await (const message of stream.messages) {
      const event = JSON.parse(message.data) as Event;
      sequences.push(event.sequence);
      if (event.type === 'session.idled') break;
    }
    stream.close();
    const last = await demo.runtime.backends.history.lastSequence(session.id);
    expect(sequences).toEqual(Array.from({ length: last - 3 }, (_, index) => index + 4));
  });
});
