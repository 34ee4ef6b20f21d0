import { type Session, SessionId, type SessionStore } from '@org/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { makeSession } from './entity-factory.js';
import { useTarget } from './use-target.js';

/** Safety stop when paging through a store shared with other data. */
const MAX_PAGES = 500;

/**
 * The `SessionStore` contract: insert-or-replace, status/title updates that
 * touch `updatedAt`, newest-first paging with an opaque cursor, deletion.
 * Sessions it lists are created far in the future so they sort first even in
 * a shared database; they are deleted afterwards.
 */
export function describeSessionStoreConformance(target: ConformanceTarget<SessionStore>): void {
  describe(`SessionStore conformance: ${target.name}`, () => {
    const store = useTarget(target);
    const created: SessionId[] = [];
    const put = async (session: Session) => {
      await store().putSession(session);
      created.push(session.id);
      return session;
    };
    afterAll(async () => {
      for (const id of created) await store().deleteSession(id).catch(() => undefined);
    });

    it('stores a session and reads it back', async () => {
      const session = await put(makeSession({ title: 'hello', tags: ['t'], locale: 'en-GB' }));
      expect(await store().getSession(session.id)).toEqual(session);
    });

    it('gives undefined for an unknown id', async () => {
      expect(await store().getSession(SessionId.generate())).toBeUndefined();
    });

    it('replaces a session with the same id', async () => {
      const session = await put(makeSession());
      await store().putSession({ ...session, title: 'replaced' });
      expect((await store().getSession(session.id))?.title).toBe('replaced');
    });

    it('stored state cannot be changed through the objects passed in or handed out (copies or frozen objects)', async () => {
      const session = await put(makeSession({ tags: ['kept'] }));
      mutate(() => session.tags.push('after put'));
      const handedOut = await store().getSession(session.id);
      mutate(() => handedOut?.tags.push('after get'));
      expect((await store().getSession(session.id))?.tags).toEqual(['kept']);
    });

    it('updates the status, sets updatedAt and returns the updated session', async () => {
      const session = await put(makeSession());
      const updated = await store().updateSessionStatus(session.id, 'active');
      expect(updated?.status).toBe('active');
      expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThan(Date.parse(session.updatedAt));
      expect(await store().getSession(session.id)).toEqual(updated);
    });

    it('updates the title, sets updatedAt and returns the updated session', async () => {
      const session = await put(makeSession({ title: 'before' }));
      const updated = await store().updateSessionTitle(session.id, 'after');
      expect(updated?.title).toBe('after');
      expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThan(Date.parse(session.updatedAt));
      expect((await store().getSession(session.id))?.title).toBe('after');
    });

    it('returns undefined when updating an unknown session', async () => {
      expect(await store().updateSessionStatus(SessionId.generate(), 'idle')).toBeUndefined();
      expect(await store().updateSessionTitle(SessionId.generate(), 'x')).toBeUndefined();
    });

    it('lists newest first (createdAt, then id, descending) across pages without gaps or repeats', async () => {
      const future = Date.now() + 400 * 365 * 24 * 3600 * 1000;
      const at = (offsetMs: number) => new Date(future + offsetMs).toISOString();
      const sameTime = at(2000);
      const sessions = [
        await put(makeSession({ createdAt: at(1000) })),
        await put(makeSession({ createdAt: sameTime })),
        await put(makeSession({ createdAt: sameTime })),
        await put(makeSession({ createdAt: at(3000) })),
        await put(makeSession({ createdAt: at(4000) })),
      ];
      const expected = [...sessions]
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1))
        .map((s) => s.id);

      const ours = new Set(expected);
      const seen: SessionId[] = [];
      const everyId = new Set<SessionId>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store().listSessions({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.sessions.length).toBeLessThanOrEqual(2);
        for (const session of page.sessions) {
          expect(everyId.has(session.id)).toBe(false);
          everyId.add(session.id);
          if (ours.has(session.id)) seen.push(session.id);
        }
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && seen.length < expected.length && pages < MAX_PAGES);
      expect(seen).toEqual(expected);
    });

    it('ends with a page that has no nextCursor', async () => {
      await put(makeSession());
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store().listSessions({ limit: 100, ...(cursor ? { cursor } : {}) });
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < MAX_PAGES);
      expect(cursor).toBeUndefined();
    });

    it('refuses a cursor it did not issue with a ValidationError', async () => {
      await expect(store().listSessions({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'validation' });
    });

    it('deletes a session once', async () => {
      const session = await put(makeSession());
      expect(await store().deleteSession(session.id)).toBe(true);
      expect(await store().getSession(session.id)).toBeUndefined();
      expect(await store().deleteSession(session.id)).toBe(false);
    });

    it('refuses a malformed session with a ValidationError', async () => {
      const bad = { ...makeSession(), harnessId: 'nope' } as never;
      await expect(store().putSession(bad)).rejects.toMatchObject({ code: 'validation' });
    });
  });
}

/** Tries to change a value a store handed out or was given: a store may copy (nothing happens) or freeze (TypeError). */
function mutate(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}
