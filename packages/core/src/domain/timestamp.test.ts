import { afterEach, describe, expect, it, vi } from 'vitest';
import { now, Timestamp, timestampAt } from './timestamp.js';

describe('now()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the current time as RFC 3339 with milliseconds, and follows the clock (also backwards)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00.123Z'));
    expect(now()).toBe('2026-11-25T10:00:00.123Z');
    expect(Timestamp.safeParse(now()).success).toBe(true);
    vi.setSystemTime(new Date('2026-11-25T10:00:00.124Z'));
    expect(now()).toBe('2026-11-25T10:00:00.124Z');
    vi.setSystemTime(new Date('2025-01-01T00:00:00.000Z'));
    expect(now()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('within one millisecond returns the same string (formatted once)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00.500Z'));
    const toISOString = vi.spyOn(Date.prototype, 'toISOString');
    const first = now();
    for (let i = 0; i < 10; i++) expect(now()).toBe(first);
    expect(toISOString.mock.calls.length).toBeLessThanOrEqual(1);
    toISOString.mockRestore();
  });
});

describe('timestampAt()', () => {
  it('formats any epoch millisecond, whatever was formatted before', () => {
    const at = Date.parse('2026-11-25T10:00:00.123Z');
    expect(timestampAt(at)).toBe('2026-11-25T10:00:00.123Z');
    expect(timestampAt(at + 1)).toBe('2026-11-25T10:00:00.124Z');
    expect(timestampAt(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(timestampAt(at)).toBe('2026-11-25T10:00:00.123Z');
    expect(now()).toBe(new Date(Date.parse(now())).toISOString());
  });
});
