import { describe, expect, it } from 'vitest';
import { now } from '../domain/timestamp.js';
import { ValidationError } from '../errors.js';
import { EventId, HarnessId, SessionId } from '../ids/index.js';
import { checkDurableBatch, checkEventBatch } from './check-event.js';
import type { Event } from './event.js';
import { isSealedBatch, sealBatch } from './sealed-event.js';

const sessionId = SessionId.generate();

function event(sequence: number, type = 'reason.started'): Event {
  return {
    id: EventId.generate(),
    type,
    ts: now(),
    sessionId,
    sequence,
    context: {},
    data: { harnessId: HarnessId.generate(), iteration: 1 },
  } as Event;
}

describe('event batches at store and bus boundaries', () => {
  it("passes a batch the runtime sealed as it is; the sealed array is frozen, and a copy of it is not sealed", () => {
    const batch = sealBatch([event(1), event(2)]);
    expect(isSealedBatch(batch)).toBe(true);
    expect(checkDurableBatch(sessionId, batch)).toBe(batch);
    expect(checkEventBatch(batch)).toBe(batch);
    expect(() => (batch as Event[]).push(event(3))).toThrow(TypeError);
    expect(isSealedBatch([...batch])).toBe(false);
    expect(isSealedBatch(batch[0])).toBe(false);
  });

  it('checks every event of any other batch, naming the bad one', () => {
    const good = [event(1), event(2)];
    expect(checkDurableBatch(sessionId, good)).toEqual(good);
    const broken = [event(1), { ...event(2), sequence: -1 }];
    expect(() => checkDurableBatch(sessionId, broken)).toThrow(/event at index 1: sequence/);
    expect(() => checkEventBatch(broken)).toThrow(ValidationError);
  });

  it('refuses live-only events and events of another session in an append batch, and anything that is not an array', () => {
    const delta = { ...event(1, 'output.message.delta'), ephemeral: true };
    expect(() => checkDurableBatch(sessionId, [delta])).toThrow(/ephemeral/);
    expect(checkEventBatch([delta])).toHaveLength(1);
    expect(() => checkDurableBatch(SessionId.generate(), [event(1)])).toThrow(/belongs to/);
    expect(() => checkDurableBatch(sessionId, { length: 0 })).toThrow(/expected an array of events/);
    expect(() => checkEventBatch('events')).toThrow(ValidationError);
  });
});
