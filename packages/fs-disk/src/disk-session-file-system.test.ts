import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionId } from '@org/core';
import { CONFORMANCE_MAX_FILE_BYTES, describeSessionFileSystemConformance } from '@org/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskSessionFileSystem, diskSessionFileSystemFactory } from './disk-session-file-system.js';

const temporaryRoots: string[] = [];
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'disk-fs-test-'));
  temporaryRoots.push(root);
  return root;
}
afterAll(() => {
  for (const root of temporaryRoots) rmSync(root, { recursive: true, force: true });
});

describeSessionFileSystemConformance({
  name: 'disk (per session)',
  create: () => new DiskSessionFileSystem({ root: freshRoot(), maxFileBytes: CONFORMANCE_MAX_FILE_BYTES }),
});

describe('DiskSessionFileSystem', () => {
  let root: string;
  let outside: string;
  let fs: DiskSessionFileSystem;
  beforeAll(() => {
    root = freshRoot();
    outside = freshRoot();
    writeFileSync(join(outside, 'secret.txt'), 'outside secret');
    fs = new DiskSessionFileSystem({ root });
  });

  it('refuses a root that is missing or not a directory, and bad options', () => {
    expect(() => new DiskSessionFileSystem({ root: join(root, 'does-not-exist') })).toThrow(/root does not exist/);
    writeFileSync(join(root, 'plain-file'), 'x');
    expect(() => new DiskSessionFileSystem({ root: join(root, 'plain-file') })).toThrow(/not a directory/);
    expect(() => new DiskSessionFileSystem({ root: '' })).toThrow(/root must be/);
    expect(() => new DiskSessionFileSystem({ root, perSession: 'yes' as unknown as boolean })).toThrow(/perSession/);
    expect(() => diskSessionFileSystemFactory({ root, maxFileBytes: 0 })).toThrow(/maxFileBytes/);
  });

  it('keeps each session in its own directory and stores base64 as bytes', async () => {
    const s = SessionId.generate();
    await fs.write(s, '/workspace/a/b.txt', 'hello');
    await fs.write(s, '/bin.dat', btoa('\u0000\u00ff'), { encoding: 'base64' });
    expect(readFileSync(join(root, s, 'a', 'b.txt'), 'utf8')).toBe('hello');
    expect([...readFileSync(join(root, s, 'bin.dat'))]).toEqual([0x00, 0xff]);
  });

  it('hides its bookkeeping entries and refuses their names', async () => {
    const s = SessionId.generate();
    await fs.seed(s, { path: '/ro.txt', content: 'x', encoding: 'text', isReadonly: true });
    expect((await fs.list(s, '/')).entries.map((e) => e.path)).toEqual(['/ro.txt']);
    await expect(fs.read(s, '/.session-meta.json')).rejects.toMatchObject({ name: 'InvalidPathError' });
    await expect(fs.write(s, '/.session-tmp/x', 'x')).rejects.toMatchObject({ name: 'InvalidPathError' });
    // The read-only flag is durable: a new instance over the same root still honours it.
    const reopened = new DiskSessionFileSystem({ root });
    await expect(reopened.write(s, '/ro.txt', 'y')).rejects.toMatchObject({ name: 'ReadOnlyFileError' });
  });

  it('refuses a symlinked file pointing outside the root', async () => {
    const s = SessionId.generate();
    await fs.mkdir(s, '/');
    await fs.write(s, '/ok.txt', 'ok');
    symlinkSync(join(outside, 'secret.txt'), join(root, s, 'link.txt'));
    const refused = { name: 'InvalidPathError', code: 'validation' };
    await expect(fs.read(s, '/link.txt')).rejects.toMatchObject(refused);
    await expect(fs.stat(s, '/link.txt')).rejects.toMatchObject(refused);
    await expect(fs.write(s, '/link.txt', 'overwrite')).rejects.toMatchObject(refused);
    await expect(fs.delete(s, '/link.txt')).rejects.toMatchObject(refused);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('outside secret');
    expect((await fs.list(s, '/')).entries.map((e) => e.path)).toEqual(['/ok.txt']);
    expect((await fs.grep(s, 'secret')).matches).toEqual([]);
  });

  it('refuses a symlinked ancestor directory pointing outside the root', async () => {
    const s = SessionId.generate();
    await fs.mkdir(s, '/inside');
    symlinkSync(outside, join(root, s, 'escape'), 'dir');
    const refused = { name: 'InvalidPathError' };
    await expect(fs.read(s, '/escape/secret.txt')).rejects.toMatchObject(refused);
    await expect(fs.write(s, '/escape/new.txt', 'x')).rejects.toMatchObject(refused);
    await expect(fs.mkdir(s, '/escape/sub')).rejects.toMatchObject(refused);
    await expect(fs.list(s, '/escape')).rejects.toMatchObject(refused);
    await expect(fs.delete(s, '/escape/secret.txt')).rejects.toMatchObject(refused);
    expect((await fs.grep(s, 'outside')).matches).toEqual([]);
    expect((await fs.list(s, '/')).entries.map((e) => e.path)).toEqual(['/inside']);
    expect(() => readFileSync(join(outside, 'new.txt'))).toThrow();
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('outside secret');
  });

  it('refuses a session directory that is itself a symlink', async () => {
    const s = SessionId.generate();
    symlinkSync(outside, join(root, s), 'dir');
    await expect(fs.read(s, '/secret.txt')).rejects.toMatchObject({ name: 'InvalidPathError' });
    await expect(fs.write(s, '/x.txt', 'x')).rejects.toMatchObject({ name: 'InvalidPathError' });
  });

  it('isolates sessions on disk when perSession is on, and shares the root when off', async () => {
    const shared = freshRoot();
    const a = SessionId.generate();
    const b = SessionId.generate();
    const isolated = new DiskSessionFileSystem({ root: shared });
    await isolated.write(a, '/only-a.txt', 'a');
    expect(await isolated.read(b, '/only-a.txt')).toBeUndefined();

    const sharedRoot = freshRoot();
    const common = new DiskSessionFileSystem({ root: sharedRoot, perSession: false });
    await common.write(a, '/common.txt', 'both');
    expect((await common.read(b, '/common.txt'))?.content).toBe('both');
    expect(readFileSync(join(sharedRoot, 'common.txt'), 'utf8')).toBe('both');
  });

  it('reads files placed on disk by other tools as writable text', async () => {
    const s = SessionId.generate();
    mkdirSync(join(root, s, 'ext'), { recursive: true });
    writeFileSync(join(root, s, 'ext', 'tool.log'), 'line one\nline two');
    expect(await fs.read(s, '/ext/tool.log')).toMatchObject({ content: 'line one\nline two', encoding: 'text', isReadonly: false });
    expect((await fs.grep(s, 'two')).matches).toEqual([{ path: '/ext/tool.log', lineNumber: 2, line: 'line two' }]);
  });
});

describe('DiskSessionFileSystem with unusual names on disk', () => {
  it('lists and stats names exactly as stored, and forgets read-only flags of files removed by other tools', async () => {
    const root = freshRoot();
    const fs = new DiskSessionFileSystem({ root });
    const s = SessionId.generate();
    await fs.seed(s, { path: '/dir/ro.txt', content: 'x', encoding: 'text', isReadonly: true });
    writeFileSync(join(root, s, 'dir', 'name with spaces.txt'), 'y');
    expect((await fs.list(s, '/dir')).entries.map((e) => e.path)).toEqual(['/dir/name with spaces.txt', '/dir/ro.txt']);
    expect(await fs.delete(s, '/dir', { recursive: true })).toBe(false);
    rmSync(join(root, s, 'dir', 'ro.txt'));
    expect(await fs.delete(s, '/dir', { recursive: true })).toBe(true);
    expect(await fs.stat(s, '/dir')).toBeUndefined();
  });
});
