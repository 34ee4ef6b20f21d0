import { SessionId } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { StreamGap } from '../src/options.js';
import { RedisSubscription, type SubscriptionOwner } from '../src/redis-subscription.js';
import { deltaEvent, progressEvent } from './support/turn-events.js';

function owner() {
  const log = { resumed: 0, released: 0, gaps: [] as StreamGap[] };
  const value: SubscriptionOwner = {
    resume: () => {
      log.resumed += 1;
    },
    release: () => {
      log.released += 1;
    },
    onGap: (gap) => log.gaps.push(gap),
  };
  return { log, value };
}

async function drain(subscription: RedisSubscription, count: number) {
  const iterator = subscription[Symbol.asyncIterator]();
  const out = [];
  for (let i = 0; i < count; i++) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('RedisSubscription (no Redis needed)', () => {
  const session = SessionId.generate();

  it('accepts durable events after its cursor only, once each', async () => {
    const { value } = owner();
    const subscription = new RedisSubscription(session, 10, value);
    subscription.start(2);
    for (const n of [1, 2, 3, 3, 4]) subscription.offerDurable(progressEvent(session, n));
    expect((await drain(subscription, 2)).map((e) => e.sequence)).toEqual([3, 4]);
    expect(subscription.buffered).toBe(0);
  });

  it('pauses when its buffer is full and asks to be resumed after draining half', async () => {
    const { log, value } = owner();
    const subscription = new RedisSubscription(session, 4, value);
    subscription.start(0);
    const accepted = [1, 2, 3, 4, 5, 6].map((n) => subscription.offerDurable(progressEvent(session, n)));
    expect(accepted).toEqual([true, true, true, true, false, false]);
    expect(subscription.paused).toBe(true);
    expect(subscription.cursor).toBe(4);
    expect(subscription.wantsDurable).toBe(false);
    await drain(subscription, 1);
    expect(log.resumed).toBe(0);
    await drain(subscription, 1);
    expect(log.resumed).toBe(1);
    expect(subscription.wantsDurable).toBe(true);
  });

  it('orders live events after the durable event they follow', async () => {
    const { value } = owner();
    const subscription = new RedisSubscription(session, 10, value);
    subscription.offerLive(deltaEvent(session, 1, 'a')); // before the start is known: held
    subscription.start(0);
    subscription.offerLive(deltaEvent(session, 0, 'x')); // follows the start: delivered
    subscription.offerDurable(progressEvent(session, 1));
    subscription.offerDurable(progressEvent(session, 2));
    subscription.offerLive(deltaEvent(session, 1, 'ab')); // stale: event 2 is already delivered
    subscription.offerLive(deltaEvent(session, 2, 'c'));
    const events = await drain(subscription, 5);
    expect(events.map((e) => `${e.type}#${e.sequence}`)).toEqual([
      'output.message.delta#0',
      'tool.progress#1',
      'output.message.delta#1',
      'tool.progress#2',
      'output.message.delta#2',
    ]);
  });

  it('reports a gap when the next retained event skips sequences', () => {
    const { log, value } = owner();
    const subscription = new RedisSubscription(session, 10, value);
    subscription.start(0);
    subscription.offerDurable(progressEvent(session, 5));
    expect(log.gaps).toEqual([{ sessionId: session, expected: 1, next: 5 }]);
  });

  it('ends every waiting reader on close and is released once', async () => {
    const { log, value } = owner();
    const subscription = new RedisSubscription(session, 10, value);
    const iterator = subscription[Symbol.asyncIterator]();
    const waiting = [iterator.next(), iterator.next()];
    subscription.close();
    subscription.close();
    expect(await Promise.all(waiting)).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(log.released).toBe(1);
  });

  it('starts closed when its signal has already aborted', async () => {
    const { value } = owner();
    const subscription = new RedisSubscription(session, 10, value, AbortSignal.abort());
    expect(subscription.isClosed).toBe(true);
    expect(await drain(subscription, 1)).toEqual([]);
  });
});
