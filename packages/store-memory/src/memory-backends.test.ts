import { SessionId } from '@org/core';
import { makeSession, progressEvents, userMessageEvent } from '@org/testkit';
import { describe, expect, it } from 'vitest';
import { memoryBackends } from './memory-backends.js';
import { MemorySessionFileSystem } from './memory-file-system.js';
import { MemoryHistoryStore } from './memory-history-store.js';

describe('memoryBackends', () => {
  it('gives every member of RuntimeBackends, including an in-memory file system', async () => {
    const backends = memoryBackends({ files: { maxFileBytes: 8 } });
    for (const key of ['harnesses', 'agents', 'sessions', 'history', 'providers', 'storage', 'memory', 'bus', 'leases', 'files'] as const) {
      expect(backends[key]).toBeDefined();
    }
    expect(backends.files).toBeInstanceOf(MemorySessionFileSystem);
    // The file-system options reach it.
    const session = makeSession();
    await expect(backends.files.write(session.id, '/big.txt', 'more than eight bytes')).rejects.toThrow(/limit|too large/i);
  });

  it('drops a deleted session’s history, storage and retained bus events', async () => {
    const backends = memoryBackends();
    const session = makeSession();
    await backends.sessions.putSession(session);
    await backends.history.append(session.id, [userMessageEvent(session.id, 1, 'hi')]);
    await backends.storage.setValue(session.id, 'k', 1);
    await backends.bus.publish(progressEvents(session.id, 1, 1));
    expect(await backends.sessions.deleteSession(session.id)).toBe(true);
    expect(await backends.history.lastSequence(session.id)).toBe(0);
    expect(await backends.history.messages(session.id)).toEqual([]);
    expect(await backends.storage.listValues(session.id)).toEqual([]);
    expect(backends.bus.retainedEvents(session.id)).toEqual([]);
    await backends.bus.close();
  });

  it('refuses an append fenced with a lease that was released, even before anyone else takes it', async () => {
    const { history, leases } = memoryBackends();
    const sessionId = SessionId.generate();
    const lease = await leases.acquire(sessionId);
    expect(leases.isCurrent(lease)).toBe(true);
    await lease.release();
    expect(leases.isCurrent(lease)).toBe(false);
    await expect(history.append(sessionId, progressEvents(sessionId, 1, 1), { fence: lease })).rejects.toMatchObject({ code: 'lease_lost' });
    expect(await history.lastSequence(sessionId)).toBe(0);
  });

  it('refuses a fence of another session', async () => {
    const { history, leases } = memoryBackends();
    const sessionId = SessionId.generate();
    const other = await leases.acquire(SessionId.generate());
    await expect(history.append(sessionId, progressEvents(sessionId, 1, 1), { fence: other })).rejects.toMatchObject({ code: 'lease_lost' });
    await other.release();
  });

  it('ignores fences when the history store has no lease manager', async () => {
    const history = new MemoryHistoryStore();
    const sessionId = SessionId.generate();
    await history.append(sessionId, progressEvents(sessionId, 1, 1), { fence: { sessionId, token: 42 } });
    expect(await history.lastSequence(sessionId)).toBe(1);
  });
});
