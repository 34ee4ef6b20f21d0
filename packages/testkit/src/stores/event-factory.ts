import { type Event, type EventData, EventId, type EventType, Messages, type SessionId, TurnId } from '@org/core';

/** Envelope fields a test may override on a made event. */
export type EventOverrides = Partial<Pick<Event, 'id' | 'ts' | 'ephemeral' | 'context' | 'metadata' | 'tags'>>;

/**
 * A complete event (fresh id, current time, empty context) for store and bus
 * tests. Nothing is validated here, so suites can also build bad input.
 */
export function makeEvent<T extends EventType>(sessionId: SessionId, sequence: number, type: T, data: EventData<T>, overrides: EventOverrides = {}): Event<T> {
  return { id: EventId.generate(), ts: new Date().toISOString(), sessionId, sequence, context: {}, type, data, ...overrides } as unknown as Event<T>;
}

/** A durable event that implies no message (`tool.progress`), handy for filling a log. */
export function progressEvent(sessionId: SessionId, sequence: number, note = `step ${sequence}`): Event<'tool.progress'> {
  return makeEvent(sessionId, sequence, 'tool.progress', { toolCallId: 'call_progress', toolName: 'test_tool', message: note });
}

/** `count` durable events with sequences `from`, `from + 1`, … */
export function progressEvents(sessionId: SessionId, from: number, count: number): Event<'tool.progress'>[] {
  return Array.from({ length: count }, (_, index) => progressEvent(sessionId, from + index));
}

/**
 * A live-only `output.message.delta`. It carries the sequence of the last
 * durable event before it, as the runtime's deltas do.
 */
export function deltaEvent(sessionId: SessionId, sequence: number, accumulated: string): Event<'output.message.delta'> {
  return makeEvent(sessionId, sequence, 'output.message.delta', { turnId: TEST_TURN_ID, delta: accumulated.slice(-1), accumulated }, { ephemeral: true });
}

/** An `input.message` event carrying a user message with `text`. */
export function userMessageEvent(sessionId: SessionId, sequence: number, text: string): Event<'input.message'> {
  return makeEvent(sessionId, sequence, 'input.message', { message: Messages.user(text) });
}

/** An `output.message.completed` event carrying an agent message with `text`. */
export function agentMessageEvent(sessionId: SessionId, sequence: number, text: string): Event<'output.message.completed'> {
  return makeEvent(sessionId, sequence, 'output.message.completed', { message: Messages.agent(text) });
}

/** A successful `tool.completed` event whose single text part is `resultText`. */
export function toolCompletedEvent(sessionId: SessionId, sequence: number, toolCallId: string, resultText: string): Event<'tool.completed'> {
  return makeEvent(sessionId, sequence, 'tool.completed', {
    toolCallId,
    toolName: 'test_tool',
    success: true,
    status: 'success',
    result: [{ type: 'text', text: resultText }],
  });
}

const TEST_TURN_ID = TurnId.fromSeed(1);
