import { SessionId, type SessionStorageStore } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { useTarget } from './use-target.js';

/** The `SessionStorageStore` contract: JSON values and secrets per session, sorted lists without values. */
export function describeSessionStorageStoreConformance(target: ConformanceTarget<SessionStorageStore>): void {
  describe(`SessionStorageStore conformance: ${target.name}`, () => {
    const store = useTarget(target);

    it('stores JSON values and reads them back', async () => {
      const sessionId = SessionId.generate();
      const value = { n: 1, list: [true, null, 'x'], nested: { deep: 2.5 } };
      await store().setValue(sessionId, 'config', value);
      await store().setValue(sessionId, 'count', 3);
      expect(await store().getValue(sessionId, 'config')).toEqual(value);
      expect(await store().getValue(sessionId, 'count')).toBe(3);
      expect(await store().getValue(sessionId, 'missing')).toBeUndefined();
    });

    it('replaces a value and keeps its createdAt', async () => {
      const sessionId = SessionId.generate();
      await store().setValue(sessionId, 'k', 'first');
      const [before] = await store().listValues(sessionId);
      await store().setValue(sessionId, 'k', 'second');
      const [after] = await store().listValues(sessionId);
      expect(await store().getValue(sessionId, 'k')).toBe('second');
      expect(after?.createdAt).toBe(before?.createdAt);
      expect(Date.parse(after?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before?.updatedAt ?? ''));
    });

    it('lists keys sorted, with timestamps and no values', async () => {
      const sessionId = SessionId.generate();
      for (const key of ['b', 'a', 'c']) await store().setValue(sessionId, key, key.toUpperCase());
      const listed = await store().listValues(sessionId);
      expect(listed.map((info) => info.key)).toEqual(['a', 'b', 'c']);
      for (const info of listed) expect(Object.keys(info).sort()).toEqual(['createdAt', 'key', 'updatedAt']);
    });

    it('deletes a value once', async () => {
      const sessionId = SessionId.generate();
      await store().setValue(sessionId, 'gone', 1);
      expect(await store().deleteValue(sessionId, 'gone')).toBe(true);
      expect(await store().deleteValue(sessionId, 'gone')).toBe(false);
      expect(await store().getValue(sessionId, 'gone')).toBeUndefined();
      expect(await store().listValues(sessionId)).toEqual([]);
    });

    it('keeps secrets in their own namespace and never lists their values', async () => {
      const sessionId = SessionId.generate();
      await store().setSecret(sessionId, 'token', 's3cr3t');
      await store().setSecret(sessionId, 'api', 'key');
      expect(await store().getSecret(sessionId, 'token')).toBe('s3cr3t');
      expect(await store().getValue(sessionId, 'token')).toBeUndefined();
      expect(await store().listValues(sessionId)).toEqual([]);
      const listed = await store().listSecrets(sessionId);
      expect(listed.map((info) => info.key)).toEqual(['api', 'token']);
      expect(JSON.stringify(listed)).not.toContain('s3cr3t');
      expect(await store().deleteSecret(sessionId, 'token')).toBe(true);
      expect(await store().deleteSecret(sessionId, 'token')).toBe(false);
      expect(await store().getSecret(sessionId, 'token')).toBeUndefined();
    });

    it('keeps sessions apart', async () => {
      const a = SessionId.generate();
      const b = SessionId.generate();
      await store().setValue(a, 'shared-name', 'a');
      await store().setSecret(a, 'shared-name', 'a');
      expect(await store().getValue(b, 'shared-name')).toBeUndefined();
      expect(await store().getSecret(b, 'shared-name')).toBeUndefined();
      expect(await store().listValues(b)).toEqual([]);
    });

    it('returns copies the caller cannot use to change stored values', async () => {
      const sessionId = SessionId.generate();
      const value = { items: ['kept'] };
      await store().setValue(sessionId, 'k', value);
      value.items.push('after set');
      const read = (await store().getValue(sessionId, 'k')) as { items: string[] };
      read.items.push('after get');
      expect(await store().getValue(sessionId, 'k')).toEqual({ items: ['kept'] });
    });

    it('refuses a value that is not JSON with a ValidationError', async () => {
      const sessionId = SessionId.generate();
      await expect(store().setValue(sessionId, 'fn', () => 1)).rejects.toMatchObject({ code: 'validation' });
      await expect(store().setValue(sessionId, 'big', 1n)).rejects.toMatchObject({ code: 'validation' });
      expect(await store().listValues(sessionId)).toEqual([]);
    });
  });
}
