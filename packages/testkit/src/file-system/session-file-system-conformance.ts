import { contentHash, type InitialFile, SessionId, type SessionFileSystem } from '@org/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';

/** What the suite must know about how the target was configured. */
export interface SessionFileSystemConformanceOptions {
  /**
   * The `maxFileBytes` the target was created with. Keep it small (the
   * implementations' tests use {@link CONFORMANCE_MAX_FILE_BYTES}) so the
   * size-limit tests stay cheap.
   */
  maxFileBytes: number;
}

/** The size limit the shipped implementations' conformance runs configure. */
export const CONFORMANCE_MAX_FILE_BYTES = 64 * 1024;

/** Matches a rejection by the typed error's `name` and `code`, so it works across module copies. */
function typed(name: string, code: string) {
  return expect.objectContaining({ name, code });
}

const INVALID_PATH = typed('InvalidPathError', 'validation');
const BINARY = Uint8Array.from([0x00, 0xff, 0x01, 0xfe, 0x00, 0x7f, 0x80, 0x0a, 0x0d, 0xff]);

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): number[] {
  return [...atob(text)].map((c) => c.charCodeAt(0));
}

function readonlyFile(path: string, content: string): InitialFile {
  return { path, content, encoding: 'text', isReadonly: true };
}

/**
 * The behaviour every `SessionFileSystem` must have (SPEC 9 and the
 * interface's TSDoc): every operation, every path rule, every error, session
 * isolation, encodings, pagination, grep bounds, recursive delete, seeding
 * and a create-only race. Each test uses fresh session ids, so one instance
 * serves the whole suite.
 */
export function describeSessionFileSystemConformance(
  target: ConformanceTarget<SessionFileSystem>,
  options: SessionFileSystemConformanceOptions = { maxFileBytes: CONFORMANCE_MAX_FILE_BYTES },
): void {
  describe(`SessionFileSystem conformance: ${target.name}`, () => {
    let fs: SessionFileSystem;
    const session = () => SessionId.generate();

    beforeAll(async () => {
      fs = await target.create();
    });
    afterAll(async () => {
      if (fs) await target.destroy?.(fs);
    });

    describe('path rules', () => {
      it('treats /workspace, /workspace/, / and "" as the root', async () => {
        const s = session();
        for (const root of ['/workspace', '/workspace/', '/', '', '  /workspace  ']) {
          const info = await fs.stat(s, root);
          expect(info, root).toMatchObject({ path: '/', name: '', isDirectory: true });
        }
        expect(fs.displayRoot.length).toBeGreaterThan(0);
      });

      it('accepts /workspace/x, /x, x, doubled slashes, whitespace and a trailing slash as one file', async () => {
        const s = session();
        const written = await fs.write(s, '/workspace/dir/a.txt', 'hello');
        expect(written).toMatchObject({ path: '/dir/a.txt', name: 'a.txt' });
        for (const alias of ['/dir/a.txt', 'dir/a.txt', '//workspace//dir//a.txt', ' /workspace/dir/a.txt/ ', '/workspace/./dir/a.txt']) {
          expect((await fs.read(s, alias))?.content, alias).toBe('hello');
        }
        expect(await fs.mkdir(s, '/workspace/made/')).toMatchObject({ path: '/made', isDirectory: true });
      });

      it('does not strip /workspaces/… (only an exact /workspace segment)', async () => {
        const s = session();
        expect(await fs.write(s, '/workspaces/x.txt', 'x')).toMatchObject({ path: '/workspaces/x.txt' });
        expect(await fs.read(s, '/x.txt')).toBeUndefined();
        expect((await fs.list(s, '/')).entries.map((e) => e.path)).toEqual(['/workspaces']);
        expect(await fs.write(s, '/workspace/workspace/y.txt', 'y')).toMatchObject({ path: '/workspace/y.txt' });
      });

      it('rejects ".." anywhere, in every operation, and stores nothing', async () => {
        const s = session();
        for (const bad of ['../x', '/a/../b', '/workspace/..', '/workspace/../etc/passwd', 'a/b/..']) {
          await expect(fs.write(s, bad, 'x'), bad).rejects.toEqual(INVALID_PATH);
          await expect(fs.read(s, bad), bad).rejects.toEqual(INVALID_PATH);
          await expect(fs.stat(s, bad), bad).rejects.toEqual(INVALID_PATH);
          await expect(fs.delete(s, bad), bad).rejects.toEqual(INVALID_PATH);
          await expect(fs.list(s, bad), bad).rejects.toEqual(INVALID_PATH);
          await expect(fs.mkdir(s, bad), bad).rejects.toEqual(INVALID_PATH);
        }
        await expect(fs.seed(s, { path: '/../x', content: 'x', encoding: 'text', isReadonly: false })).rejects.toEqual(INVALID_PATH);
        expect((await fs.list(s, '/')).totalCount).toBe(0);
      });

      it('rejects NUL bytes, over-long paths and over-long segments; accepts the limits', async () => {
        const s = session();
        await expect(fs.write(s, '/a\0b.txt', 'x')).rejects.toEqual(INVALID_PATH);
        await expect(fs.read(s, '/a.txt\0')).rejects.toEqual(INVALID_PATH);
        await expect(fs.write(s, `/${'a'.repeat(256)}`, 'x')).rejects.toEqual(INVALID_PATH);
        const longPath = `/${Array.from({ length: 40 }, () => 'b'.repeat(120)).join('/')}`;
        expect(longPath.length).toBeGreaterThan(4096);
        await expect(fs.write(s, longPath, 'x')).rejects.toEqual(INVALID_PATH);
        expect((await fs.list(s, '/')).totalCount).toBe(0);
        const longest = `/${'c'.repeat(255)}`;
        expect(await fs.write(s, longest, 'ok')).toMatchObject({ path: longest });
      });

      it('refuses a non-string path with a validation error', async () => {
        await expect(fs.read(session(), 42 as unknown as string)).rejects.toEqual(INVALID_PATH);
      });
    });

    describe('write, read and stat', () => {
      it('returns undefined for a missing file', async () => {
        const s = session();
        expect(await fs.read(s, '/missing.txt')).toBeUndefined();
        expect(await fs.stat(s, '/missing.txt')).toBeUndefined();
      });

      it('creates a file with full metadata and reads it back', async () => {
        const s = session();
        const info = await fs.write(s, '/notes.txt', 'héllo\n');
        expect(info).toMatchObject({
          path: '/notes.txt',
          name: 'notes.txt',
          isDirectory: false,
          isReadonly: false,
          sizeBytes: 7,
          encoding: 'text',
          contentHash: contentHash('héllo\n'),
        });
        expect(Number.isNaN(Date.parse(info.createdAt))).toBe(false);
        expect(Number.isNaN(Date.parse(info.updatedAt))).toBe(false);
        expect(await fs.read(s, '/notes.txt')).toMatchObject({ ...info, content: 'héllo\n', createdAt: expect.any(String), updatedAt: expect.any(String) });
        expect(await fs.stat(s, '/notes.txt')).toMatchObject({ path: '/notes.txt', sizeBytes: 7, contentHash: info.contentHash });
      });

      it('overwrites content and hash', async () => {
        const s = session();
        const first = await fs.write(s, '/f.txt', 'one');
        const second = await fs.write(s, '/f.txt', 'two two');
        expect(second.contentHash).not.toBe(first.contentHash);
        expect(second).toMatchObject({ sizeBytes: 7, contentHash: contentHash('two two') });
        expect((await fs.read(s, '/f.txt'))?.content).toBe('two two');
        expect(Date.parse(second.updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
      });

      it('stores the empty string', async () => {
        const s = session();
        expect(await fs.write(s, '/empty.txt', '')).toMatchObject({ sizeBytes: 0 });
        expect((await fs.read(s, '/empty.txt'))?.content).toBe('');
      });

      it('creates every missing parent directory', async () => {
        const s = session();
        await fs.write(s, '/a/b/c.txt', 'deep');
        expect(await fs.stat(s, '/a')).toMatchObject({ isDirectory: true, name: 'a' });
        expect(await fs.stat(s, '/a/b')).toMatchObject({ isDirectory: true, path: '/a/b' });
        expect((await fs.list(s, '/a')).entries.map((e) => e.name)).toEqual(['b']);
      });

      it('round-trips base64 binary bytes including 0x00 and 0xff', async () => {
        const s = session();
        const encoded = toBase64(BINARY);
        const info = await fs.write(s, '/bin/blob.bin', encoded, { encoding: 'base64' });
        expect(info).toMatchObject({ encoding: 'base64', sizeBytes: encoded.length, contentHash: contentHash(encoded) });
        const read = await fs.read(s, '/bin/blob.bin');
        expect(read).toMatchObject({ encoding: 'base64', content: encoded });
        expect(fromBase64(read!.content)).toEqual([...BINARY]);
        // Switching back to text replaces the encoding too.
        await fs.write(s, '/bin/blob.bin', 'plain');
        expect(await fs.read(s, '/bin/blob.bin')).toMatchObject({ encoding: 'text', content: 'plain' });
      });

      it('refuses content that is not canonical base64', async () => {
        const s = session();
        for (const bad of ['not base64!', 'QQ', 'QR==', 'QUJD\nREVG']) {
          await expect(fs.write(s, '/b.bin', bad, { encoding: 'base64' }), bad).rejects.toEqual(typed('ValidationError', 'validation'));
        }
        expect(await fs.stat(s, '/b.bin')).toBeUndefined();
      });

      it('refuses invalid write options', async () => {
        const s = session();
        await expect(fs.write(s, '/x.txt', 'x', { encoding: 'utf16' as 'text' })).rejects.toEqual(typed('ValidationError', 'validation'));
        await expect(fs.write(s, '/x.txt', 'x', { ifMatch: 'md5:abc' })).rejects.toEqual(typed('ValidationError', 'validation'));
        await expect(fs.write(s, '/x.txt', 7 as unknown as string)).rejects.toEqual(typed('ValidationError', 'validation'));
        expect(await fs.stat(s, '/x.txt')).toBeUndefined();
      });

      it('returns copies: changing a result changes nothing stored', async () => {
        const s = session();
        await fs.write(s, '/c.txt', 'original');
        const read = await fs.read(s, '/c.txt');
        read!.content = 'mutated';
        read!.isReadonly = true;
        expect(await fs.read(s, '/c.txt')).toMatchObject({ content: 'original', isReadonly: false });
      });
    });

    describe('errors', () => {
      it('refuses a write onto a directory, onto the root, and under a file', async () => {
        const s = session();
        await fs.mkdir(s, '/dir');
        await expect(fs.write(s, '/dir', 'x')).rejects.toEqual(typed('IsADirectoryError', 'validation'));
        await expect(fs.write(s, '/workspace', 'x')).rejects.toEqual(typed('IsADirectoryError', 'validation'));
        await fs.write(s, '/file.txt', 'x');
        await expect(fs.write(s, '/file.txt/inner.txt', 'y')).rejects.toEqual(typed('NotADirectoryError', 'validation'));
        await expect(fs.mkdir(s, '/file.txt')).rejects.toEqual(typed('NotADirectoryError', 'validation'));
        await expect(fs.mkdir(s, '/file.txt/sub')).rejects.toEqual(typed('NotADirectoryError', 'validation'));
        expect(await fs.stat(s, '/dir')).toMatchObject({ isDirectory: true });
        expect((await fs.read(s, '/file.txt'))?.content).toBe('x');
      });

      it('refuses to read a directory', async () => {
        const s = session();
        await fs.mkdir(s, '/d');
        await expect(fs.read(s, '/d')).rejects.toEqual(typed('IsADirectoryError', 'validation'));
        await expect(fs.read(s, '/')).rejects.toEqual(typed('IsADirectoryError', 'validation'));
      });

      it('enforces the size limit on the stored size, storing nothing', async () => {
        const s = session();
        const limit = options.maxFileBytes;
        expect(await fs.write(s, '/max.txt', 'a'.repeat(limit))).toMatchObject({ sizeBytes: limit });
        const error = await fs.write(s, '/big.txt', 'a'.repeat(limit + 1)).catch((e: unknown) => e);
        expect(error).toEqual(typed('FileTooLargeError', 'limit_exceeded'));
        expect((error as Error).message).toContain(String(limit + 1));
        expect((error as Error).message).toContain(String(limit));
        expect(await fs.stat(s, '/big.txt')).toBeUndefined();
        // Multi-byte characters count in UTF-8 bytes.
        await expect(fs.write(s, '/max.txt', 'é'.repeat(limit / 2 + 1))).rejects.toEqual(typed('FileTooLargeError', 'limit_exceeded'));
        expect(await fs.stat(s, '/max.txt')).toMatchObject({ sizeBytes: limit });
      });

      it('create-only (ifNoneMatch) fails with ConflictError when the path exists', async () => {
        const s = session();
        expect(await fs.write(s, '/once.txt', 'first', { ifNoneMatch: true })).toMatchObject({ path: '/once.txt' });
        await expect(fs.write(s, '/once.txt', 'second', { ifNoneMatch: true })).rejects.toEqual(typed('ConflictError', 'conflict'));
        await fs.mkdir(s, '/somedir');
        await expect(fs.write(s, '/somedir', 'x', { ifNoneMatch: true })).rejects.toBeInstanceOf(Error);
        expect((await fs.read(s, '/once.txt'))?.content).toBe('first');
      });

      it('compare-and-swap (ifMatch) writes only over the expected hash', async () => {
        const s = session();
        const v1 = await fs.write(s, '/cas.txt', 'v1');
        const v2 = await fs.write(s, '/cas.txt', 'v2', { ifMatch: v1.contentHash! });
        expect(v2.contentHash).toBe(contentHash('v2'));
        await expect(fs.write(s, '/cas.txt', 'v3', { ifMatch: v1.contentHash! })).rejects.toEqual(typed('ConflictError', 'conflict'));
        expect((await fs.read(s, '/cas.txt'))?.content).toBe('v2');
        await expect(fs.write(s, '/absent.txt', 'x', { ifMatch: v1.contentHash! })).rejects.toEqual(typed('ConflictError', 'conflict'));
        expect(await fs.stat(s, '/absent.txt')).toBeUndefined();
      });

      it('refuses a malformed session id in every operation (no escape through the id)', async () => {
        const validation = typed('ValidationError', 'validation');
        for (const bad of ['../session_00000000000000000000000000000001', 'session_../../etc', '', '/', 'session_0000000000000000000000000000000g']) {
          const id = bad as SessionId;
          await expect(fs.write(id, '/x.txt', 'x'), bad).rejects.toEqual(validation);
          await expect(fs.read(id, '/x.txt'), bad).rejects.toEqual(validation);
          await expect(fs.stat(id, '/'), bad).rejects.toEqual(validation);
          await expect(fs.list(id, '/'), bad).rejects.toEqual(validation);
          await expect(fs.grep(id, 'x'), bad).rejects.toEqual(validation);
          await expect(fs.delete(id, '/x.txt'), bad).rejects.toEqual(validation);
          await expect(fs.mkdir(id, '/d'), bad).rejects.toEqual(validation);
          await expect(fs.seed(id, { path: '/x.txt', content: 'x', encoding: 'text', isReadonly: false }), bad).rejects.toEqual(validation);
        }
      });
    });

    describe('session isolation', () => {
      it('never shows one session the files of another', async () => {
        const a = session();
        const b = session();
        await fs.write(a, '/secret/key.txt', 'needle');
        expect(await fs.read(b, '/secret/key.txt')).toBeUndefined();
        expect(await fs.stat(b, '/secret')).toBeUndefined();
        expect(await fs.list(b, '/')).toEqual({ entries: [], totalCount: 0 });
        expect((await fs.grep(b, 'needle')).matches).toEqual([]);
        expect(await fs.delete(b, '/secret', { recursive: true })).toBe(false);
        await fs.write(b, '/secret/key.txt', 'other');
        expect((await fs.read(a, '/secret/key.txt'))?.content).toBe('needle');
        expect((await fs.read(b, '/secret/key.txt'))?.content).toBe('other');
      });
    });

    describe('mkdir', () => {
      it('creates parents, is idempotent, and accepts the root', async () => {
        const s = session();
        const made = await fs.mkdir(s, '/x/y/z');
        expect(made).toMatchObject({ path: '/x/y/z', name: 'z', isDirectory: true, isReadonly: false });
        expect(await fs.mkdir(s, '/x/y/z')).toMatchObject({ path: '/x/y/z', isDirectory: true });
        expect(await fs.stat(s, '/x/y')).toMatchObject({ isDirectory: true });
        expect(await fs.mkdir(s, '/workspace')).toMatchObject({ path: '/', isDirectory: true });
      });
    });

    describe('list', () => {
      it('gives the direct children sorted by path, without content', async () => {
        const s = session();
        await fs.write(s, '/b.txt', 'b');
        await fs.write(s, '/a.txt', 'a');
        await fs.write(s, '/c/inner.txt', 'c');
        await fs.write(s, '/a/deep.txt', 'd');
        const { entries, totalCount } = await fs.list(s, '/workspace');
        expect(entries.map((e) => e.path)).toEqual(['/a', '/a.txt', '/b.txt', '/c']);
        expect(totalCount).toBe(4);
        expect(entries.find((e) => e.path === '/a')).toMatchObject({ isDirectory: true, name: 'a' });
        expect(entries.find((e) => e.path === '/a.txt')).toMatchObject({ isDirectory: false, sizeBytes: 1 });
        for (const entry of entries) expect(entry).not.toHaveProperty('content');
        expect((await fs.list(s, '/c')).entries.map((e) => e.name)).toEqual(['inner.txt']);
      });

      it('gives nothing for a missing path or a file', async () => {
        const s = session();
        await fs.write(s, '/f.txt', 'x');
        expect(await fs.list(s, '/nope')).toEqual({ entries: [], totalCount: 0 });
        expect(await fs.list(s, '/f.txt')).toEqual({ entries: [], totalCount: 0 });
        expect(await fs.list(session(), '/')).toEqual({ entries: [], totalCount: 0 });
      });

      it('pages with offset and limit and reports the total', async () => {
        const s = session();
        for (const n of [5, 3, 1, 4, 2]) await fs.write(s, `/p/f${n}.txt`, String(n));
        const page = await fs.list(s, '/p', { offset: 1, limit: 2 });
        expect(page.entries.map((e) => e.name)).toEqual(['f2.txt', 'f3.txt']);
        expect(page.totalCount).toBe(5);
        expect((await fs.list(s, '/p', { offset: 4, limit: 10 })).entries.map((e) => e.name)).toEqual(['f5.txt']);
        expect(await fs.list(s, '/p', { offset: 9 })).toEqual({ entries: [], totalCount: 5 });
        expect((await fs.list(s, '/p', { limit: 5000 })).entries).toHaveLength(5);
        await expect(fs.list(s, '/p', { offset: -1 })).rejects.toEqual(typed('ValidationError', 'validation'));
        await expect(fs.list(s, '/p', { limit: 0 })).rejects.toEqual(typed('ValidationError', 'validation'));
      });
    });

    describe('grep', () => {
      it('matches a plain substring (not a regex) with 1-based line numbers', async () => {
        const s = session();
        await fs.write(s, '/src/a.ts', 'const a = 1;\nfind a.b here\r\nnothing\nabc find');
        const result = await fs.grep(s, 'find');
        expect(result.matches).toEqual([
          { path: '/src/a.ts', lineNumber: 2, line: 'find a.b here' },
          { path: '/src/a.ts', lineNumber: 4, line: 'abc find' },
        ]);
        expect(result.truncated).toBe(false);
        expect(result.filesScanned).toBe(1);
        expect((await fs.grep(s, 'a.b')).matches).toHaveLength(1);
        expect((await fs.grep(s, 'a.c')).matches).toHaveLength(0);
        expect((await fs.grep(s, '^const')).matches).toHaveLength(0);
      });

      it('searches text files only, in path order', async () => {
        const s = session();
        await fs.write(s, '/z.txt', 'needle');
        await fs.write(s, '/m/y.txt', 'a needle\nneedle again');
        await fs.write(s, '/bin.dat', btoa('needle needle'), { encoding: 'base64' });
        await fs.write(s, '/b64.dat', 'bmVlZGxl', { encoding: 'base64' });
        const result = await fs.grep(s, 'needle');
        expect(result.matches.map((m) => `${m.path}:${m.lineNumber}`)).toEqual(['/m/y.txt:1', '/m/y.txt:2', '/z.txt:1']);
        expect((await fs.grep(s, 'bmVl')).matches).toEqual([]);
      });

      it('filters paths by glob (basename globs at any depth) or by substring', async () => {
        const s = session();
        await fs.write(s, '/readme.md', 'hit');
        await fs.write(s, '/docs/guide.md', 'hit');
        await fs.write(s, '/docs/notes.txt', 'hit');
        await fs.write(s, '/src/docs.ts', 'hit');
        const paths = async (pathPattern: string) => (await fs.grep(s, 'hit', { pathPattern })).matches.map((m) => m.path);
        expect(await paths('*.md')).toEqual(['/docs/guide.md', '/readme.md']);
        expect(await paths('docs/*.md')).toEqual(['/docs/guide.md']);
        expect(await paths('/workspace/docs/*')).toEqual(['/docs/guide.md', '/docs/notes.txt']);
        expect(await paths('**/*.{ts,txt}')).toEqual(['/docs/notes.txt', '/src/docs.ts']);
        expect(await paths('notes.tx?')).toEqual(['/docs/notes.txt']);
        expect(await paths('docs')).toEqual(['/docs/guide.md', '/docs/notes.txt', '/src/docs.ts']);
        expect(await paths('.md')).toEqual(['/docs/guide.md', '/readme.md']);
      });

      it('stops at maxMatches, maxFiles and maxBytes and says it was truncated', async () => {
        const s = session();
        await fs.write(s, '/1.txt', 'x\nx\nx');
        await fs.write(s, '/2.txt', 'x');
        await fs.write(s, '/3.txt', 'x'.repeat(100));
        const byMatches = await fs.grep(s, 'x', { maxMatches: 2 });
        expect(byMatches).toMatchObject({ truncated: true });
        expect(byMatches.matches.map((m) => m.lineNumber)).toEqual([1, 2]);
        const byFiles = await fs.grep(s, 'x', { maxFiles: 1 });
        expect(byFiles).toMatchObject({ truncated: true, filesScanned: 1 });
        expect(byFiles.matches).toHaveLength(3);
        const byBytes = await fs.grep(s, 'x', { maxBytes: 10 });
        expect(byBytes).toMatchObject({ truncated: true, filesScanned: 2 });
        expect(await fs.grep(s, 'x', { maxMatches: 5 })).toMatchObject({ truncated: false, filesScanned: 3 });
      });

      it('refuses an empty pattern and invalid bounds', async () => {
        const s = session();
        await expect(fs.grep(s, '')).rejects.toEqual(typed('ValidationError', 'validation'));
        await expect(fs.grep(s, 'x', { maxMatches: 0 })).rejects.toEqual(typed('ValidationError', 'validation'));
      });
    });

    describe('delete', () => {
      it('deletes a file and gives false for the root, a missing path or a second time', async () => {
        const s = session();
        await fs.write(s, '/gone.txt', 'x');
        expect(await fs.delete(s, '/workspace/gone.txt')).toBe(true);
        expect(await fs.stat(s, '/gone.txt')).toBeUndefined();
        expect(await fs.delete(s, '/gone.txt')).toBe(false);
        expect(await fs.delete(s, '/')).toBe(false);
        expect(await fs.delete(s, '/workspace', { recursive: true })).toBe(false);
        expect(await fs.stat(s, '/')).toMatchObject({ isDirectory: true });
      });

      it('keeps a non-empty directory unless recursive, and removes the subtree when recursive', async () => {
        const s = session();
        await fs.write(s, '/tree/a.txt', 'a');
        await fs.write(s, '/tree/sub/b.txt', 'b');
        await fs.write(s, '/tree-sibling.txt', 'keep');
        expect(await fs.delete(s, '/tree')).toBe(false);
        expect((await fs.read(s, '/tree/sub/b.txt'))?.content).toBe('b');
        expect(await fs.delete(s, '/tree', { recursive: true })).toBe(true);
        for (const p of ['/tree', '/tree/a.txt', '/tree/sub', '/tree/sub/b.txt']) expect(await fs.stat(s, p), p).toBeUndefined();
        expect((await fs.read(s, '/tree-sibling.txt'))?.content).toBe('keep');
        await fs.mkdir(s, '/empty');
        expect(await fs.delete(s, '/empty')).toBe(true);
      });

      it('never deletes a read-only file, directly or through its directory', async () => {
        const s = session();
        await fs.seed(s, readonlyFile('/locked/ro.txt', 'keep'));
        await fs.write(s, '/locked/rw.txt', 'x');
        expect(await fs.delete(s, '/locked/ro.txt')).toBe(false);
        expect(await fs.delete(s, '/locked', { recursive: true })).toBe(false);
        expect((await fs.read(s, '/locked/ro.txt'))?.content).toBe('keep');
        expect((await fs.read(s, '/locked/rw.txt'))?.content).toBe('x');
      });
    });

    describe('seed', () => {
      it('seeds a read-only file that writes cannot change', async () => {
        const s = session();
        await fs.seed(s, readonlyFile('/workspace/notes.txt', 'from the harness'));
        expect(await fs.read(s, '/notes.txt')).toMatchObject({ content: 'from the harness', isReadonly: true, encoding: 'text' });
        const error = await fs.write(s, '/notes.txt', 'changed').catch((e: unknown) => e);
        expect(error).toEqual(typed('ReadOnlyFileError', 'read_only'));
        expect((error as Error).message).toBe('file is read-only: /notes.txt');
        await expect(fs.seed(s, { path: '/notes.txt', content: 'again', encoding: 'text', isReadonly: false })).rejects.toEqual(
          typed('ReadOnlyFileError', 'read_only'),
        );
        expect(await fs.read(s, '/notes.txt')).toMatchObject({ content: 'from the harness', isReadonly: true });
        expect((await fs.list(s, '/')).entries[0]).toMatchObject({ path: '/notes.txt', isReadonly: true });
      });

      it('seeds writable text by default and base64 when asked, overwriting a writable file', async () => {
        const s = session();
        await fs.write(s, '/w.txt', 'old');
        await fs.seed(s, { path: '/w.txt', content: 'new' } as InitialFile);
        expect(await fs.read(s, '/w.txt')).toMatchObject({ content: 'new', isReadonly: false, encoding: 'text' });
        await fs.write(s, '/w.txt', 'still writable');
        const encoded = toBase64(BINARY);
        await fs.seed(s, { path: '/img/logo.bin', content: encoded, encoding: 'base64', isReadonly: true });
        expect(await fs.read(s, '/img/logo.bin')).toMatchObject({ content: encoded, encoding: 'base64', isReadonly: true });
      });

      it('refuses an invalid initial file', async () => {
        const s = session();
        await expect(fs.seed(s, { content: 'x' } as unknown as InitialFile)).rejects.toEqual(typed('ValidationError', 'validation'));
        await expect(fs.seed(s, { path: '/x.bin', content: '%%', encoding: 'base64', isReadonly: false })).rejects.toEqual(
          typed('ValidationError', 'validation'),
        );
        expect((await fs.list(s, '/')).totalCount).toBe(0);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 10 racing create-only writes win; the rest get ConflictError', async () => {
        const s = session();
        const attempts = Array.from({ length: 10 }, (_, i) => fs.write(s, '/race.txt', `writer ${i}`, { ifNoneMatch: true }));
        const results = await Promise.allSettled(attempts);
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toEqual(typed('ConflictError', 'conflict'));
        expect((await fs.read(s, '/race.txt'))?.content).toBe(`writer ${winners[0]}`);
      });
    });
  });
}
