import { MemoryId, type MemoryStore, OrgId } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { useTarget } from './use-target.js';

/**
 * The `MemoryStore` contract: defaults on remember, recall matching every
 * given criterion (tags: all of them), importance-then-newest order, totals
 * before the limit, forget and count per scope.
 */
export function describeMemoryStoreConformance(target: ConformanceTarget<MemoryStore>): void {
  describe(`MemoryStore conformance: ${target.name}`, () => {
    const store = useTarget(target);
    const freshScope = () => OrgId.generate();

    it('remembers with defaults and an id', async () => {
      const scope = freshScope();
      const memory = await store().remember(scope, { content: 'likes tea' } as never);
      expect(MemoryId.is(memory.id)).toBe(true);
      expect(memory).toMatchObject({ content: 'likes tea', kind: 'fact', importance: 5, tags: [] });
      expect(Number.isNaN(Date.parse(memory.createdAt))).toBe(false);
      expect(await store().count(scope)).toBe(1);
    });

    it('recalls by importance descending, then newest first, with the total before the limit', async () => {
      const scope = freshScope();
      const low = await store().remember(scope, { content: 'low', kind: 'fact', importance: 5, tags: [] });
      const high = await store().remember(scope, { content: 'high', kind: 'fact', importance: 9, tags: [] });
      const lowNewer = await store().remember(scope, { content: 'low newer', kind: 'fact', importance: 5, tags: [] });
      const all = await store().recall(scope, {});
      expect(all.memories.map((m) => m.id)).toEqual([high.id, lowNewer.id, low.id]);
      expect(all.total).toBe(3);
      const limited = await store().recall(scope, { limit: 2 });
      expect(limited.memories.map((m) => m.id)).toEqual([high.id, lowNewer.id]);
      expect(limited.total).toBe(3);
    });

    it('matches every given criterion: text (case-insensitive), all tags, kind', async () => {
      const scope = freshScope();
      await store().remember(scope, { content: 'User prefers Dark mode', kind: 'preference', importance: 5, tags: ['ui', 'theme'] });
      await store().remember(scope, { content: 'dark chocolate is a favourite', kind: 'fact', importance: 5, tags: ['food'] });
      await store().remember(scope, { content: 'Uses light mode at night', kind: 'preference', importance: 5, tags: ['ui'] });
      const contents = async (query: Parameters<MemoryStore['recall']>[1]) => (await store().recall(scope, query)).memories.map((m) => m.content).sort();
      expect(await contents({ query: 'DARK' })).toEqual(['User prefers Dark mode', 'dark chocolate is a favourite']);
      expect(await contents({ tags: ['ui'] })).toEqual(['User prefers Dark mode', 'Uses light mode at night']);
      expect(await contents({ tags: ['ui', 'theme'] })).toEqual(['User prefers Dark mode']);
      expect(await contents({ kind: 'fact' })).toEqual(['dark chocolate is a favourite']);
      expect(await contents({ query: 'mode', kind: 'preference', tags: ['ui'] })).toEqual(['User prefers Dark mode', 'Uses light mode at night']);
      expect((await store().recall(scope, { query: 'nothing like this' })).total).toBe(0);
    });

    it('forgets a memory once and counts what is left', async () => {
      const scope = freshScope();
      const memory = await store().remember(scope, { content: 'temporary', kind: 'context', importance: 1, tags: [] });
      await store().remember(scope, { content: 'lasting', kind: 'fact', importance: 1, tags: [] });
      expect(await store().forget(scope, memory.id)).toBe(true);
      expect(await store().forget(scope, memory.id)).toBe(false);
      expect(await store().count(scope)).toBe(1);
      expect((await store().recall(scope, {})).memories.map((m) => m.content)).toEqual(['lasting']);
    });

    it('keeps scopes apart', async () => {
      const a = freshScope();
      const b = freshScope();
      const memory = await store().remember(a, { content: 'only in a', kind: 'fact', importance: 5, tags: [] });
      expect(await store().count(b)).toBe(0);
      expect((await store().recall(b, {})).total).toBe(0);
      expect(await store().forget(b, memory.id)).toBe(false);
      expect(await store().count(a)).toBe(1);
    });

    it('refuses bad input with a ValidationError', async () => {
      const scope = freshScope();
      await expect(store().remember(scope, { content: '', kind: 'fact', importance: 5, tags: [] })).rejects.toMatchObject({ code: 'validation' });
      await expect(store().remember(scope, { content: 'x', kind: 'fact', importance: 11, tags: [] })).rejects.toMatchObject({ code: 'validation' });
      await expect(store().recall(scope, { limit: 0 })).rejects.toMatchObject({ code: 'validation' });
      await expect(store().recall(scope, { limit: 51 })).rejects.toMatchObject({ code: 'validation' });
      expect(await store().count(scope)).toBe(0);
    });
  });
}
