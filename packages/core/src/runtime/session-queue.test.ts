import { describe, expect, it } from 'vitest';
import { CancelledError, SessionBusyError } from '../errors.js';
import { SessionQueue } from './session-queue.js';

describe('SessionQueue', () => {
  it('serves turns of one session one at a time, first come first served', async () => {
    const queue = new SessionQueue();
    const order: string[] = [];
    const releaseFirst = await queue.acquire('s');
    const second = queue.acquire('s').then((release) => {
      order.push('second');
      return release;
    });
    const third = queue.acquire('s').then((release) => {
      order.push('third');
      release();
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    releaseFirst();
    (await second)();
    await third;
    expect(order).toEqual(['second', 'third']);
    // Free again: a new turn starts at once.
    (await queue.acquire('s'))();
  });

  it('lets other sessions run meanwhile, and refuses a busy session when asked to', async () => {
    const queue = new SessionQueue();
    const release = await queue.acquire('s');
    (await queue.acquire('other'))();
    await expect(queue.acquire('s', { ifBusy: 'error' })).rejects.toBeInstanceOf(SessionBusyError);
    release();
    (await queue.acquire('s', { ifBusy: 'error' }))();
  });

  it('drops a waiter whose signal aborts, and a second release is harmless', async () => {
    const queue = new SessionQueue();
    const release = await queue.acquire('s');
    const controller = new AbortController();
    const waiting = queue.acquire('s', { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    release();
    release();
    (await queue.acquire('s', { ifBusy: 'error' }))();
  });
});
