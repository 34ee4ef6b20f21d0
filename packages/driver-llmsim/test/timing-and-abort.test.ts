import { CancelledError, type LlmStreamEvent } from '@org/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LlmSim, type LlmSimDriver, parseModelTiming, SimTurn } from '../src/index.js';
import { callConfig, user } from './support.js';

/** Pulls the next event and reports whether it has settled, so fake-timer tests can watch it. */
function pull(iterator: AsyncIterator<LlmStreamEvent>) {
  const state = { settled: false, result: undefined as IteratorResult<LlmStreamEvent> | undefined, error: undefined as unknown };
  const promise = iterator.next().then(
    (result) => {
      state.settled = true;
      state.result = result;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return { state, promise };
}

function start(driver: LlmSimDriver, signal: AbortSignal, model = 'llmsim-model') {
  return driver.stream([user('hello')], callConfig({ model }), { signal })[Symbol.asyncIterator]();
}

describe('model name timing hints', () => {
  it('parses -ttft-{ms} and -latency', () => {
    expect(parseModelTiming('llmsim-ttft-250')).toEqual({ ttftMs: 250, latency: false });
    expect(parseModelTiming('fast-ttft-40-latency')).toEqual({ ttftMs: 40, latency: true });
    expect(parseModelTiming('llmsim-latency')).toEqual({ latency: true });
    expect(parseModelTiming('llmsim-ttft-0')).toEqual({ latency: false });
    expect(parseModelTiming('llmsim-ttft-abc')).toEqual({ latency: false });
    expect(parseModelTiming('llmsim-model')).toEqual({ latency: false });
  });
});

describe('delays (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits the ttft of the request model before the first event', async () => {
    const iterator = start(LlmSim.fixed('hi'), new AbortController().signal, 'llmsim-ttft-100');
    const first = pull(iterator);
    await vi.advanceTimersByTimeAsync(99);
    expect(first.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await first.promise;
    expect(first.state.result?.value).toEqual({ type: 'text-delta', text: 'hi' });
  });

  it('honours -ttft- in the simulated model name too', async () => {
    const iterator = start(LlmSim.fixed('hi').withModel('sim-ttft-50'), new AbortController().signal);
    const first = pull(iterator);
    await vi.advanceTimersByTimeAsync(49);
    expect(first.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.state.settled).toBe(true);
  });

  it('a response delay wins over ttft and also precedes an error', async () => {
    const driver = LlmSim.scripted([SimTurn.error('timeout')]).withResponseDelay(30);
    const first = pull(start(driver, new AbortController().signal, 'llmsim-ttft-500'));
    await vi.advanceTimersByTimeAsync(29);
    expect(first.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await first.promise;
    expect(first.state.result?.value?.type).toBe('error');
  });

  it('withLatency waits before every chunk', async () => {
    const iterator = start(LlmSim.fixed('one two').withLatency(20), new AbortController().signal);
    const first = pull(iterator);
    await vi.advanceTimersByTimeAsync(19);
    expect(first.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await first.promise;
    const second = pull(iterator);
    await vi.advanceTimersByTimeAsync(19);
    expect(second.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await second.promise;
    expect(second.state.result?.value).toEqual({ type: 'text-delta', text: ' two' });
  });

  it('a -latency model name adds per-chunk latency', async () => {
    const first = pull(start(LlmSim.fixed('hi'), new AbortController().signal, 'llmsim-latency'));
    await Promise.resolve();
    expect(first.state.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(first.state.settled).toBe(true);
  });

  it('an abort during the delay ends the call at once with a CancelledError and clears the timer', async () => {
    const controller = new AbortController();
    const iterator = start(LlmSim.fixed('hi').withResponseDelay(10_000), controller.signal);
    const first = pull(iterator);
    await vi.advanceTimersByTimeAsync(5);
    controller.abort(new Error('user stop'));
    await first.promise;
    expect(first.state.error).toBeInstanceOf(CancelledError);
    expect(vi.getTimerCount()).toBe(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe('abort', () => {
  it('stops between chunks: nothing after the abort, not even done', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const event of LlmSim.lorem(20).stream([user('q')], callConfig(), { signal: controller.signal })) {
        seen.push(event.type);
        if (seen.length === 3) controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(CancelledError);
    expect(seen).toEqual(['text-delta', 'text-delta', 'text-delta']);
  });

  it('return() ends a stream early (a consumer leaving its loop): later reads are done, nothing more is produced', async () => {
    const iterator = start(LlmSim.lorem(20), new AbortController().signal);
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    await iterator.return?.();
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('an already-aborted signal yields nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const iterator = start(LlmSim.fixed('hi'), controller.signal);
    await expect(iterator.next()).rejects.toBeInstanceOf(CancelledError);
  });

  it('a stall turn yields nothing until aborted, then ends with a CancelledError', async () => {
    const controller = new AbortController();
    const driver = LlmSim.scripted([SimTurn.stall(), SimTurn.assistant('after stall')]);
    const first = pull(start(driver, controller.signal));
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(first.state.settled).toBe(false);
    controller.abort();
    await first.promise;
    expect(first.state.error).toBeInstanceOf(CancelledError);
    // The stall consumed its step; the retry gets the next turn.
    const next = pull(start(driver, new AbortController().signal));
    await next.promise;
    expect(next.state.result?.value).toEqual({ type: 'text-delta', text: 'after' });
  });
});
