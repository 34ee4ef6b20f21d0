import type { Event } from '@org/core';

/** What a session's event log says about its turns. */
export interface TurnLogSummary {
  /** Sequences are 1, 2, 3, … with no gap or repeat. */
  unbroken: boolean;
  /** Every turn's events form one block: no other turn's event falls between its first and last. */
  contiguous: boolean;
  /** Per input message id: how many `turn.started` and terminal events it has. */
  turns: Map<string, { started: number; completed: number; failed: number; cancelled: number }>;
  /** Tool call ids with more than one `tool.completed`. */
  duplicateToolResults: string[];
}

/** Checks a session's durable events for the worker guarantees. */
export function summariseTurnLog(events: readonly Event[]): TurnLogSummary {
  const unbroken = events.every((event, index) => event.sequence === index + 1);
  const turns = new Map<string, { started: number; completed: number; failed: number; cancelled: number }>();
  const finishedBlocks = new Set<string>();
  let current: string | undefined;
  let contiguous = true;
  const toolResults = new Map<string, number>();
  for (const event of events) {
    const id = event.context.inputMessageId;
    if (!id) continue;
    if (id !== current) {
      // A turn id seen again after another turn's events means two turns interleaved.
      if (finishedBlocks.has(id)) contiguous = false;
      if (current) finishedBlocks.add(current);
      current = id;
    }
    const entry = turns.get(id) ?? { started: 0, completed: 0, failed: 0, cancelled: 0 };
    if (event.type === 'turn.started') entry.started += 1;
    if (event.type === 'turn.completed') entry.completed += 1;
    if (event.type === 'turn.failed') entry.failed += 1;
    if (event.type === 'turn.cancelled') entry.cancelled += 1;
    turns.set(id, entry);
    if (event.type === 'tool.completed') {
      const callId = (event as Event<'tool.completed'>).data.toolCallId;
      toolResults.set(callId, (toolResults.get(callId) ?? 0) + 1);
    }
  }
  const duplicateToolResults = [...toolResults].filter(([, count]) => count > 1).map(([callId]) => callId);
  return { unbroken, contiguous, turns, duplicateToolResults };
}
