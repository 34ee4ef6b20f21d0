import { CONFORMANCE_MAX_FILE_BYTES, describeSessionFileSystemConformance } from '@org/testkit';
import { SessionId } from '@org/core';
import { describe, expect, it } from 'vitest';
import { MemorySessionFileSystem, memorySessionFileSystemFactory } from './memory-file-system.js';

describeSessionFileSystemConformance({
  name: 'memory',
  create: () => new MemorySessionFileSystem({ maxFileBytes: CONFORMANCE_MAX_FILE_BYTES }),
});

describe('MemorySessionFileSystem', () => {
  it('uses a 10 MiB limit by default', async () => {
    const fs = new MemorySessionFileSystem();
    const s = SessionId.generate();
    await expect(fs.write(s, '/ok.txt', 'a'.repeat(10 * 1024 * 1024))).resolves.toMatchObject({ sizeBytes: 10 * 1024 * 1024 });
    await expect(fs.write(s, '/big.txt', 'a'.repeat(10 * 1024 * 1024 + 1))).rejects.toMatchObject({ code: 'limit_exceeded' });
  });

  it('refuses an invalid size limit', () => {
    expect(() => new MemorySessionFileSystem({ maxFileBytes: 0 })).toThrow(/maxFileBytes/);
    expect(() => memorySessionFileSystemFactory({ maxFileBytes: -1 })).toThrow(/maxFileBytes/);
  });

  it('factory creates independent, empty file systems', async () => {
    const factory = memorySessionFileSystemFactory();
    expect(factory.name).toBe('memory');
    const first = await factory.create();
    const second = await factory.create();
    const s = SessionId.generate();
    await first.write(s, '/a.txt', 'a');
    expect(await second.read(s, '/a.txt')).toBeUndefined();
    expect(first.displayRoot).toBe('/workspace');
  });
});
