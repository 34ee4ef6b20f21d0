import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineList, deadlinesOf } from './deadline-list.js';

describe('DeadlineList (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeClock() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  }

  it('runs a deadline once its duration has passed, and only once', () => {
    fakeClock();
    const list = new DeadlineList(100);
    const expired = vi.fn();
    list.start(expired);
    vi.advanceTimersByTime(99);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('never runs a cancelled deadline; cancelling twice or after expiry is harmless', () => {
    fakeClock();
    const list = new DeadlineList(50);
    const cancelled = vi.fn();
    const kept = vi.fn();
    const a = list.start(cancelled);
    const b = list.start(kept);
    a.cancel();
    a.cancel();
    vi.advanceTimersByTime(50);
    expect(cancelled).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    b.cancel();
    b.refresh();
    vi.advanceTimersByTime(500);
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('refresh restarts the full duration from now, also when the deadline was first in line', () => {
    fakeClock();
    const list = new DeadlineList(100);
    const refreshed = vi.fn();
    const other = vi.fn();
    const deadline = list.start(refreshed);
    vi.advanceTimersByTime(10);
    list.start(other); // due at 110
    vi.advanceTimersByTime(50);
    deadline.refresh(); // due at 160 now, behind `other`
    vi.advanceTimersByTime(50); // t = 110
    expect(other).toHaveBeenCalledTimes(1);
    expect(refreshed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(49); // t = 159
    expect(refreshed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refreshed).toHaveBeenCalledTimes(1);
  });

  it('shares one timer among all its deadlines', () => {
    fakeClock();
    const list = new DeadlineList(1000);
    const expired = vi.fn();
    for (let i = 0; i < 100; i++) list.start(expired);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toHaveBeenCalledTimes(100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms for the next deadline before running callbacks, so a throwing callback cannot strand later ones', () => {
    fakeClock();
    const list = new DeadlineList(100);
    const later = vi.fn();
    const first = list.start(() => {
      throw new Error('callback failed');
    });
    vi.advanceTimersByTime(40);
    list.start(later); // due at 140
    expect(() => vi.advanceTimersByTime(60)).toThrow('callback failed');
    expect(later).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40);
    expect(later).toHaveBeenCalledTimes(1);
    first.cancel();
  });
});

describe('DeadlineList (real timers)', () => {
  it('keeps the process alive only while a deadline is pending', () => {
    const list = new DeadlineList(60_000);
    const a = list.start(() => {});
    const b = list.start(() => {});
    expect(list.keepsProcessAlive).toBe(true);
    a.cancel();
    expect(list.keepsProcessAlive).toBe(true);
    b.cancel();
    expect(list.keepsProcessAlive).toBe(false);
    const c = list.start(() => {});
    expect(list.keepsProcessAlive).toBe(true);
    c.cancel();
    expect(list.keepsProcessAlive).toBe(false);
  });

  it('expires on a real clock', async () => {
    const expired = await new Promise<number>((resolve) => {
      const started = performance.now();
      new DeadlineList(20).start(() => resolve(performance.now() - started));
    });
    expect(expired).toBeGreaterThanOrEqual(19);
  });

  it('gives one list per duration, and treats a duration that is not positive as 1 ms', () => {
    expect(deadlinesOf(250)).toBe(deadlinesOf(250));
    expect(deadlinesOf(250)).not.toBe(deadlinesOf(251));
    expect(deadlinesOf(0).durationMs).toBe(1);
    expect(deadlinesOf(Number.NaN).durationMs).toBe(1);
  });
});
