import { type HistoryStore, MessageId, messageText, SessionId } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { agentMessageEvent, deltaEvent, progressEvent, progressEvents, toolCompletedEvent, userMessageEvent } from './event-factory.js';
import { useTarget } from './use-target.js';

/**
 * The `HistoryStore` contract: contiguous, atomic appends with sequence
 * conflicts that leave the log intact, reads by cursor, and the messages
 * derived from `input.message`, `output.message.completed` and `tool.completed`.
 */
export function describeHistoryStoreConformance(target: ConformanceTarget<HistoryStore>): void {
  describe(`HistoryStore conformance: ${target.name}`, () => {
    const store = useTarget(target);

    it('starts empty', async () => {
      const sessionId = SessionId.generate();
      expect(await store().lastSequence(sessionId)).toBe(0);
      expect(await store().readEvents(sessionId)).toEqual([]);
      expect(await store().messages(sessionId)).toEqual([]);
    });

    it('appends events and reads them back in sequence order', async () => {
      const sessionId = SessionId.generate();
      const first = progressEvents(sessionId, 1, 2);
      const second = progressEvents(sessionId, 3, 3);
      await store().append(sessionId, first);
      await store().append(sessionId, second);
      expect(await store().readEvents(sessionId)).toEqual([...first, ...second]);
      expect(await store().lastSequence(sessionId)).toBe(5);
    });

    it('reads after a cursor and up to a limit', async () => {
      const sessionId = SessionId.generate();
      await store().append(sessionId, progressEvents(sessionId, 1, 6));
      const seq = async (options: { after?: number; limit?: number }) => (await store().readEvents(sessionId, options)).map((e) => e.sequence);
      expect(await seq({ after: 2 })).toEqual([3, 4, 5, 6]);
      expect(await seq({ limit: 2 })).toEqual([1, 2]);
      expect(await seq({ after: 3, limit: 2 })).toEqual([4, 5]);
      expect(await seq({ after: 6 })).toEqual([]);
    });

    it('keeps sessions apart', async () => {
      const a = SessionId.generate();
      const b = SessionId.generate();
      await store().append(a, progressEvents(a, 1, 3));
      await store().append(b, progressEvents(b, 1, 1));
      expect(await store().lastSequence(a)).toBe(3);
      expect((await store().readEvents(b)).map((e) => e.sessionId)).toEqual([b]);
    });

    it('refuses a batch that does not continue the sequence and writes nothing', async () => {
      const sessionId = SessionId.generate();
      await store().append(sessionId, [userMessageEvent(sessionId, 1, 'hi')]);
      const gap = [agentMessageEvent(sessionId, 3, 'skipped two')];
      await expect(store().append(sessionId, gap)).rejects.toMatchObject({ code: 'sequence_conflict' });
      const holed = [agentMessageEvent(sessionId, 2, 'ok'), progressEvent(sessionId, 4)];
      await expect(store().append(sessionId, holed)).rejects.toMatchObject({ code: 'sequence_conflict' });
      expect(await store().lastSequence(sessionId)).toBe(1);
      expect((await store().readEvents(sessionId)).map((e) => e.sequence)).toEqual([1]);
      expect((await store().messages(sessionId)).map(messageText)).toEqual(['hi']);
    });

    it('refuses a first batch that does not start at 1', async () => {
      const sessionId = SessionId.generate();
      await expect(store().append(sessionId, [progressEvent(sessionId, 2)])).rejects.toMatchObject({ code: 'sequence_conflict' });
      expect(await store().lastSequence(sessionId)).toBe(0);
    });

    it('refuses the same batch appended twice, so retries cannot duplicate history', async () => {
      const sessionId = SessionId.generate();
      const batch = [userMessageEvent(sessionId, 1, 'once'), progressEvent(sessionId, 2)];
      await store().append(sessionId, batch);
      await expect(store().append(sessionId, batch)).rejects.toMatchObject({ code: 'sequence_conflict' });
      expect(await store().readEvents(sessionId)).toHaveLength(2);
      expect(await store().messages(sessionId)).toHaveLength(1);
    });

    it('lets exactly one of two concurrent writers continue the sequence', async () => {
      const sessionId = SessionId.generate();
      await store().append(sessionId, progressEvents(sessionId, 1, 2));
      const writerA = [userMessageEvent(sessionId, 3, 'from A'), progressEvent(sessionId, 4, 'A')];
      const writerB = [userMessageEvent(sessionId, 3, 'from B'), progressEvent(sessionId, 4, 'B')];
      const results = await Promise.allSettled([store().append(sessionId, writerA), store().append(sessionId, writerB)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toMatchObject({ code: 'sequence_conflict' });
      const winner = results[0]?.status === 'fulfilled' ? writerA : writerB;
      expect((await store().readEvents(sessionId, { after: 2 })).map((e) => e.id)).toEqual(winner.map((e) => e.id));
      expect((await store().messages(sessionId)).map(messageText)).toEqual([winner === writerA ? 'from A' : 'from B']);
    });

    it('refuses ephemeral events and writes nothing of the batch', async () => {
      const sessionId = SessionId.generate();
      const batch = [progressEvent(sessionId, 1), deltaEvent(sessionId, 1, 'partial')];
      await expect(store().append(sessionId, batch)).rejects.toMatchObject({ code: 'validation' });
      expect(await store().lastSequence(sessionId)).toBe(0);
    });

    it('refuses events of another session', async () => {
      const sessionId = SessionId.generate();
      const other = SessionId.generate();
      await expect(store().append(sessionId, [progressEvent(other, 1)])).rejects.toMatchObject({ code: 'validation' });
      expect(await store().lastSequence(sessionId)).toBe(0);
    });

    it('derives user, agent and tool_result messages in event order', async () => {
      const sessionId = SessionId.generate();
      const input = userMessageEvent(sessionId, 1, 'What is 2+2?');
      const tool = toolCompletedEvent(sessionId, 3, 'call_1', '{"sum":4}');
      const output = agentMessageEvent(sessionId, 4, 'It is 4.');
      await store().append(sessionId, [input, progressEvent(sessionId, 2), tool]);
      await store().append(sessionId, [output]);
      const messages = await store().messages(sessionId);
      expect(messages.map((m) => m.role)).toEqual(['user', 'tool_result', 'agent']);
      expect(messages[0]).toEqual(input.data.message);
      expect(messages[1]?.content).toEqual([{ type: 'tool_result', toolCallId: 'call_1', result: { sum: 4 } }]);
      expect(messages[2]).toEqual(output.data.message);
    });

    it('finds a message by id', async () => {
      const sessionId = SessionId.generate();
      const input = userMessageEvent(sessionId, 1, 'find me');
      await store().append(sessionId, [input]);
      expect(await store().message(sessionId, input.data.message.id)).toEqual(input.data.message);
      expect(await store().message(sessionId, MessageId.generate())).toBeUndefined();
      expect(await store().message(SessionId.generate(), input.data.message.id)).toBeUndefined();
    });

    it('finds messages appended after an earlier lookup, and the first of two messages with one id', async () => {
      const sessionId = SessionId.generate();
      const first = userMessageEvent(sessionId, 1, 'first');
      await store().append(sessionId, [first]);
      const id = first.data.message.id;
      expect((await store().message(sessionId, id))?.content).toEqual(first.data.message.content);
      const later = agentMessageEvent(sessionId, 2, 'later');
      const again = userMessageEvent(sessionId, 3, 'same id again');
      again.data.message.id = id;
      await store().append(sessionId, [later, again]);
      expect((await store().message(sessionId, later.data.message.id))?.content).toEqual(later.data.message.content);
      expect((await store().message(sessionId, id))?.content).toEqual(first.data.message.content);
    });

    it('filters messages by case-insensitive search and keeps the most recent N', async () => {
      const sessionId = SessionId.generate();
      await store().append(sessionId, [
        userMessageEvent(sessionId, 1, 'Apple pie'),
        agentMessageEvent(sessionId, 2, 'banana bread'),
        userMessageEvent(sessionId, 3, 'more APPLES'),
        agentMessageEvent(sessionId, 4, 'cherry'),
      ]);
      const texts = async (filter: { search?: string; limit?: number }) => (await store().messages(sessionId, filter)).map(messageText);
      expect(await texts({ search: 'apple' })).toEqual(['Apple pie', 'more APPLES']);
      expect(await texts({ limit: 2 })).toEqual(['more APPLES', 'cherry']);
      expect(await texts({ search: 'apple', limit: 1 })).toEqual(['more APPLES']);
      expect(await texts({ search: 'durian' })).toEqual([]);
    });

    it('stored history cannot be changed through the objects passed in or handed out (copies or frozen objects)', async () => {
      const sessionId = SessionId.generate();
      const input = userMessageEvent(sessionId, 1, 'original');
      await store().append(sessionId, [input]);
      // A store may copy what it gets and hands out, or freeze it (then these mutations throw): either way history is safe.
      const attempt = (mutate: () => void) => {
        try {
          mutate();
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      };
      attempt(() => input.data.message.content.push({ type: 'text', text: ' changed after append' }));
      const [read] = await store().readEvents(sessionId);
      attempt(() => {
        if (read?.type === 'input.message') read.data.message.content = [];
      });
      const messages = await store().messages(sessionId);
      attempt(() => messages[0]?.content.push({ type: 'text', text: ' changed after read' }));
      expect((await store().messages(sessionId)).map(messageText)).toEqual(['original']);
      const [again] = await store().readEvents(sessionId);
      expect(again?.type === 'input.message' && messageText(again.data.message)).toBe('original');
    });
  });
}
