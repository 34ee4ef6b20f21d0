import type { Event, Message } from '@org/core';
import { expect } from 'vitest';

/** Sequences are exactly 1..N. */
export function expectUnbrokenSequences(events: readonly Event[]): void {
  expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
}

/**
 * Every turn's events are one contiguous run (no event of another turn in
 * between), opened by `input.message` and closed by `session.idled`.
 * Returns the turn ids in log order.
 */
export function expectContiguousTurns(events: readonly Event[]): string[] {
  const runs: { turnId: string; events: Event[] }[] = [];
  for (const event of events) {
    const turnId = event.context.turnId;
    if (turnId === undefined) continue;
    const last = runs.at(-1);
    if (last?.turnId === turnId) last.events.push(event);
    else runs.push({ turnId, events: [event] });
  }
  const ids = runs.map((r) => r.turnId);
  // A turn that shows up in two runs was interleaved with another.
  expect(new Set(ids).size, 'a turn was interleaved with another').toBe(ids.length);
  for (const run of runs) {
    expect(run.events[0]?.type).toBe('input.message');
    expect(run.events.at(-1)?.type).toBe('session.idled');
  }
  return ids;
}

/**
 * No half-written atom: the input atom's three events stand together, and
 * every reason or act atom (one `execId`) is one contiguous run from its
 * start event to its completion event.
 */
export function expectWholeAtoms(events: readonly Event[]): void {
  events.forEach((event, i) => {
    if (event.type === 'input.message') expect([events[i + 1]?.type, events[i + 2]?.type]).toEqual(['session.activated', 'turn.started']);
  });
  const atoms = new Map<string, Event[]>();
  const order: string[] = [];
  for (const event of events) {
    const execId = event.context.execId;
    if (execId === undefined) continue;
    if (order.at(-1) !== execId) order.push(execId);
    atoms.set(execId, [...(atoms.get(execId) ?? []), event]);
  }
  expect(new Set(order).size, 'an atom was split').toBe(order.length);
  for (const atomEvents of atoms.values()) {
    const types = atomEvents.map((e) => e.type);
    const kind = types[0]?.startsWith('act.') ? 'act' : 'reason';
    expect(types[0]).toBe(`${kind}.started`);
    expect(types.at(-1)).toBe(`${kind}.completed`);
  }
}

/** Every tool call of an agent message is answered by the tool results right after it, in call order. */
export function expectToolCallsAnswered(messages: readonly Message[]): void {
  messages.forEach((message, i) => {
    const calls = message.content.flatMap((part) => (part.type === 'tool_call' ? [part.id] : []));
    if (calls.length === 0) return;
    const answers = messages
      .slice(i + 1, i + 1 + calls.length)
      .flatMap((m) => (m.role === 'tool_result' ? m.content.flatMap((part) => (part.type === 'tool_result' ? [part.toolCallId] : [])) : []));
    expect(answers, `tool calls of message ${i}`).toEqual(calls);
  });
}
