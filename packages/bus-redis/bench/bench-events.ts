import { type Event, EventId, parseEvent, type SessionId, TurnId } from '@org/core';

/** A durable event of a realistic size (a tool progress line with a turn context), validated with core's schema. */
export function benchEvent(sessionId: SessionId, sequence: number, metadata?: Record<string, unknown>): Event {
  return parseEvent({
    id: EventId.generate(),
    ts: new Date().toISOString(),
    sessionId,
    sequence,
    context: { turnId: TurnId.fromSeed(7) },
    type: 'tool.progress',
    data: { toolCallId: 'call_1', toolName: 'long_job', message: `processed chunk ${sequence} of the input file` },
    ...(metadata ? { metadata } : {}),
  });
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The value below which `p` of the sorted samples fall. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] as number;
}
