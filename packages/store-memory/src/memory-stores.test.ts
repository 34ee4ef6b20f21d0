import { HarnessId, SessionId } from '@org/core';
import { makeHarness, makeSession } from '@org/testkit';
import { describe, expect, it } from 'vitest';
import { MemoryHarnessStore } from './memory-harness-store.js';
import { MemoryProviderStore } from './memory-provider-store.js';
import { MemorySessionStorageStore } from './memory-session-storage-store.js';
import { MemorySessionStore } from './memory-session-store.js';

describe('memory stores (memory-specific behaviour)', () => {
  it('ends a harness chain at a parent that is not stored', async () => {
    const store = new MemoryHarnessStore();
    const child = makeHarness({ name: 'child', parentHarnessId: HarnessId.generate() });
    await store.putHarness(child);
    expect((await store.getHarnessChain(child.id)).map((h) => h.name)).toEqual(['child']);
  });

  it('refuses a page size outside 1–1000 and a malformed session id', async () => {
    const store = new MemorySessionStore();
    await expect(store.listSessions({ limit: 0 })).rejects.toMatchObject({ code: 'validation' });
    await expect(store.listSessions({ limit: 1001 })).rejects.toMatchObject({ code: 'validation' });
    await expect(store.getSession('session_x' as SessionId)).rejects.toMatchObject({ code: 'validation' });
  });

  it('refuses an unknown session status instead of guessing', async () => {
    const store = new MemorySessionStore();
    const session = makeSession();
    await store.putSession(session);
    await expect(store.updateSessionStatus(session.id, 'running' as never)).rejects.toMatchObject({ code: 'validation' });
    expect((await store.getSession(session.id))?.status).toBe('started');
  });

  it('refuses a storage key longer than 255 characters and a cyclic value', async () => {
    const store = new MemorySessionStorageStore();
    const sessionId = SessionId.generate();
    await expect(store.setValue(sessionId, 'k'.repeat(256), 1)).rejects.toMatchObject({ code: 'validation' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(store.setValue(sessionId, 'cyclic', cyclic)).rejects.toMatchObject({ code: 'validation' });
    await expect(store.setValue(sessionId, 'date', new Date())).rejects.toMatchObject({ code: 'validation' });
    expect(await store.listValues(sessionId)).toEqual([]);
  });

  it('picks the default model from the environment', async () => {
    expect(await MemoryProviderStore.fromEnv({ OPENAI_API_KEY: 'o', ANTHROPIC_API_KEY: 'a' }).getDefaultModel()).toEqual({
      model: 'gpt-5.4',
      provider: 'openai',
      apiKey: 'o',
    });
    expect((await MemoryProviderStore.fromEnv({ ANTHROPIC_API_KEY: 'a' }).getDefaultModel())?.model).toBe('claude-sonnet-4-20250514');
    expect(await MemoryProviderStore.fromEnv({}).getDefaultModel()).toBeUndefined();
  });
});
