import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { NEVER_ABORTED, WorkSignal } from './work-signal.js';

describe('WorkSignal', () => {
  it('follows the turn: aborting the turn aborts the work signal with its reason', () => {
    const turn = new AbortController();
    const work = new WorkSignal(turn.signal);
    const signal = work.signal;
    turn.abort('stop');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('stop');
    work.dispose();
  });

  it('hands out a fresh signal after a stall aborted the current one, still following the turn', () => {
    const turn = new AbortController();
    const work = new WorkSignal(turn.signal);
    const first = work.signal;
    work.abort();
    expect(first.aborted).toBe(true);
    const second = work.signal;
    expect(second).not.toBe(first);
    expect(second.aborted).toBe(false);
    turn.abort();
    expect(second.aborted).toBe(true);
    work.dispose();
  });

  it('is already aborted when the turn is', () => {
    const turn = new AbortController();
    turn.abort('gone');
    const work = new WorkSignal(turn.signal);
    expect(work.signal.aborted).toBe(true);
    expect(work.signal.reason).toBe('gone');
  });

  it('reuses a finished turn’s signal only when it is clean: never aborted, no listener left', () => {
    const never = new AbortController().signal;
    const clean = new WorkSignal(never);
    const reusable = clean.signal;
    clean.dispose();
    const next = new WorkSignal(never);
    expect(next.signal).toBe(reusable);
    // A listener a driver left behind keeps it out of reuse.
    next.signal.addEventListener('abort', () => {});
    next.dispose();
    const after = new WorkSignal(never);
    expect(after.signal).not.toBe(reusable);
    // So does an abort.
    const aborted = after.signal;
    after.abort();
    after.dispose();
    const last = new WorkSignal(never);
    expect(last.signal).not.toBe(aborted);
    expect(last.signal.aborted).toBe(false);
    last.dispose();
  });

  it('no longer follows the turn once disposed', () => {
    const turn = new AbortController();
    const work = new WorkSignal(turn.signal);
    const signal = work.signal;
    work.dispose();
    turn.abort();
    expect(signal.aborted).toBe(false);
  });

  it('does not listen to the shared never-aborting signal of turns started without one', () => {
    const before = getEventListeners(NEVER_ABORTED, 'abort').length;
    const work = new WorkSignal(NEVER_ABORTED);
    expect(work.signal.aborted).toBe(false);
    expect(getEventListeners(NEVER_ABORTED, 'abort').length).toBe(before);
    work.abort(new Error('stalled'));
    expect(work.signal.aborted).toBe(false);
    work.dispose();
  });

  it('tells whether the turn can be cancelled', () => {
    expect(new WorkSignal(NEVER_ABORTED).turnCancellable).toBe(false);
    expect(new WorkSignal(new AbortController().signal).turnCancellable).toBe(true);
  });
});
