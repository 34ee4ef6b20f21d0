import { HarnessId, type HarnessStore } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { makeHarness } from './entity-factory.js';
import { useTarget } from './use-target.js';

/** The `HarnessStore` contract: insert-or-replace, copies, and the root-first inheritance chain. */
export function describeHarnessStoreConformance(target: ConformanceTarget<HarnessStore>): void {
  describe(`HarnessStore conformance: ${target.name}`, () => {
    const store = useTarget(target);

    it('stores a harness and reads it back', async () => {
      const harness = makeHarness({ tags: ['a'], description: 'described' });
      await store().putHarness(harness);
      expect(await store().getHarness(harness.id)).toEqual(harness);
    });

    it('gives undefined and an empty chain for an unknown id', async () => {
      const id = HarnessId.generate();
      expect(await store().getHarness(id)).toBeUndefined();
      expect(await store().getHarnessChain(id)).toEqual([]);
    });

    it('replaces a harness with the same id', async () => {
      const harness = makeHarness();
      await store().putHarness(harness);
      await store().putHarness({ ...harness, name: 'renamed' });
      expect((await store().getHarness(harness.id))?.name).toBe('renamed');
    });

    it('stored state cannot be changed through the objects passed in or handed out (copies or frozen objects)', async () => {
      const harness = makeHarness({ tags: ['kept'] });
      await store().putHarness(harness);
      mutate(() => harness.tags.push('after put'));
      const read = await store().getHarness(harness.id);
      mutate(() => read?.tags.push('after get'));
      expect((await store().getHarness(harness.id))?.tags).toEqual(['kept']);
    });

    it('returns the chain root first and the requested harness last', async () => {
      const root = makeHarness({ name: 'root' });
      const middle = makeHarness({ name: 'middle', parentHarnessId: root.id });
      const leaf = makeHarness({ name: 'leaf', parentHarnessId: middle.id });
      await store().putHarness(leaf);
      await store().putHarness(middle);
      await store().putHarness(root);
      expect((await store().getHarnessChain(leaf.id)).map((h) => h.name)).toEqual(['root', 'middle', 'leaf']);
      expect((await store().getHarnessChain(middle.id)).map((h) => h.name)).toEqual(['root', 'middle']);
    });

    it('throws a ConfigurationError for an inheritance cycle', async () => {
      const a = makeHarness({ name: 'a' });
      const b = makeHarness({ name: 'b', parentHarnessId: a.id });
      await store().putHarness({ ...a, parentHarnessId: b.id });
      await store().putHarness(b);
      await expect(store().getHarnessChain(b.id)).rejects.toMatchObject({
        code: 'configuration',
        message: expect.stringContaining('Harness inheritance cycle detected'),
      });
    });

    it('refuses a malformed harness with a ValidationError', async () => {
      const bad = { ...makeHarness(), id: 'harness_not-an-id' } as never;
      await expect(store().putHarness(bad)).rejects.toMatchObject({ code: 'validation' });
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
