import { describe, expect, it } from 'vitest';
import type { Message } from '../messages/message.js';
import { Messages } from '../messages/message.js';
import type { HistoryStore } from '../stores/history-store.js';
import type { SessionId } from '../ids/index.js';
import { SessionId as SessionIds } from '../ids/index.js';
import { ConversationCache } from './conversation-cache.js';

/** A history that only answers `messages`, counting the reads (the cache reads nothing else). */
function countingHistory() {
  const reads: SessionId[] = [];
  const history = {
    async messages(sessionId: SessionId): Promise<Message[]> {
      reads.push(sessionId);
      return [Messages.user(`history of ${sessionId}`)];
    },
  } as unknown as HistoryStore;
  return { history, reads };
}

describe('ConversationCache', () => {
  const a = SessionIds.fromSeed(1);
  const b = SessionIds.fromSeed(2);
  const c = SessionIds.fromSeed(3);

  it('serves a session from memory while its last sequence is unchanged, and reloads it when the store moved on', async () => {
    const { history, reads } = countingHistory();
    const cache = new ConversationCache(history, 4);
    const first = await cache.load(a, 5);
    expect(await cache.load(a, 5)).toBe(first);
    expect(reads).toEqual([a]);
    await cache.load(a, 7);
    expect(reads).toEqual([a, a]);
  });

  it('evicts the least recently used session, counting a reloaded session as just used', async () => {
    const { history, reads } = countingHistory();
    const cache = new ConversationCache(history, 2);
    await cache.load(a, 1);
    await cache.load(b, 1);
    await cache.load(a, 2); // reloaded: now the most recent
    await cache.load(c, 1); // evicts b, not a
    reads.length = 0;
    await cache.load(a, 2);
    expect(reads).toEqual([]);
    await cache.load(b, 1);
    expect(reads).toEqual([b]);
  });

  it('keeps a session it serves from memory as the most recent', async () => {
    const { history, reads } = countingHistory();
    const cache = new ConversationCache(history, 2);
    await cache.load(a, 1);
    await cache.load(b, 1);
    await cache.load(a, 1); // a used again
    await cache.load(c, 1); // evicts b
    reads.length = 0;
    await cache.load(a, 1);
    await cache.load(b, 1);
    expect(reads).toEqual([b]);
  });
});
