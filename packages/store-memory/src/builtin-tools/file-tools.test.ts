import {
  deleteFileTool,
  editFileTool,
  grepFilesTool,
  isToolResultWithImages,
  listDirectoryTool,
  readFileTool,
  statFileTool,
  type Tool,
  type ToolContext,
  ToolError,
  writeFileTool,
} from '@org/core';
import { MemorySessionFileSystem } from '../index.js';
import { memoryToolContext, runTool } from '../test-support/tool-harness.js';
import { beforeEach, describe, expect, it } from 'vitest';

let context: ToolContext;
let files: MemorySessionFileSystem;

beforeEach(() => {
  files = new MemorySessionFileSystem({ maxFileBytes: 8192 });
  context = memoryToolContext({ files });
});

/** Validates like the runtime (zod first), then executes. */
const run = (tool: Tool<unknown>, args: unknown) => runTool(tool, args, context);

const seedText = (path: string, content: string) => files.write(context.sessionId, path, content);

describe('read_file', () => {
  it('returns line-numbered content with paging metadata and the content hash', async () => {
    const written = await seedText('/notes.txt', 'alpha\nbeta\ngamma\n');
    const result = await run(readFileTool, { path: '/workspace/notes.txt', offset: 1, limit: 1 });
    expect(result).toEqual({
      path: '/workspace/notes.txt',
      encoding: 'text',
      content: '     2\tbeta',
      totalLines: 3,
      linesShown: { start: 2, end: 2 },
      truncated: true,
      sizeBytes: 17,
      contentHash: written.contentHash,
    });
    expect(written.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('shows the whole file by default and says it is not truncated', async () => {
    await seedText('/a.md', '# title\nbody');
    expect(await run(readFileTool, { path: '/a.md' })).toMatchObject({ content: '     1\t# title\n     2\tbody', truncated: false, totalLines: 2 });
  });

  it('shows the last 500 lines of a .log file by default', async () => {
    await seedText('/app.log', Array.from({ length: 600 }, (_, i) => `line ${i + 1}`).join('\n'));
    const result = await run(readFileTool, { path: '/app.log' });
    expect(result.linesShown).toEqual({ start: 101, end: 600 });
    expect((result.content as string).split('\n')[0]).toBe('   101\tline 101');
  });

  it('shows a .csv header plus 100 rows, and keeps the header when paging', async () => {
    await seedText('/data.csv', ['id,name', ...Array.from({ length: 150 }, (_, i) => `${i},n${i}`)].join('\n'));
    const first = await run(readFileTool, { path: '/data.csv' });
    expect(first.linesShown).toEqual({ start: 1, end: 101 });
    const later = await run(readFileTool, { path: '/data.csv', offset: 120, limit: 2 });
    expect(later.content).toBe('     1\tid,name\n   121\t119,n119\n   122\t120,n120');
  });

  it('returns an image as image content and other base64 files as metadata only', async () => {
    await files.write(context.sessionId, '/pic.png', 'iVBORw0KGgo=', { encoding: 'base64' });
    const image = await readFileTool.execute({ path: '/pic.png' } as never, context);
    expect(isToolResultWithImages(image)).toBe(true);
    if (isToolResultWithImages(image)) expect(image.images).toEqual([{ base64: 'iVBORw0KGgo=', mediaType: 'image/png' }]);
    await files.write(context.sessionId, '/blob.bin', 'AAEC', { encoding: 'base64' });
    const binary = await run(readFileTool, { path: '/blob.bin' });
    expect(binary).toMatchObject({ binary: true, encoding: 'base64', sizeBytes: 4 });
    expect(binary).not.toHaveProperty('content');
  });

  it('reports a missing file, a directory, a bad path and a missing path argument', async () => {
    await expect(run(readFileTool, { path: '/workspace/nope.txt' })).rejects.toThrow(new ToolError('File not found: /workspace/nope.txt'));
    await files.mkdir(context.sessionId, '/dir');
    await expect(run(readFileTool, { path: '/dir' })).rejects.toThrow(/is a directory/);
    await expect(run(readFileTool, { path: '/../etc/passwd' })).rejects.toBeInstanceOf(ToolError);
    await expect(run(readFileTool, {})).rejects.toThrow('Missing required parameter: path');
  });
});

describe('write_file', () => {
  it('creates a file (and its parents), then reports an overwrite as not created', async () => {
    const first = await run(writeFileTool, { path: '/workspace/src/a.ts', content: 'x' });
    expect(first).toMatchObject({ path: '/workspace/src/a.ts', sizeBytes: 1, created: true });
    expect((await files.stat(context.sessionId, '/src'))?.isDirectory).toBe(true);
    const second = await run(writeFileTool, { path: '/src/a.ts', content: 'yy' });
    expect(second).toMatchObject({ created: false, sizeBytes: 2 });
    expect(second.contentHash).not.toBe(first.contentHash);
  });

  it('surfaces read-only, size-limit and bad base64 refusals as tool errors and stores nothing', async () => {
    await files.seed(context.sessionId, { path: '/locked.txt', content: 'keep', encoding: 'text', isReadonly: true });
    await expect(run(writeFileTool, { path: '/locked.txt', content: 'new' })).rejects.toThrow(/read-only/);
    await expect(run(writeFileTool, { path: '/big.txt', content: 'x'.repeat(9000) })).rejects.toThrow(/too large/);
    await expect(run(writeFileTool, { path: '/b.bin', content: 'not base64!', encoding: 'base64' })).rejects.toThrow(/base64/);
    expect((await files.read(context.sessionId, '/locked.txt'))?.content).toBe('keep');
    expect(await files.stat(context.sessionId, '/big.txt')).toBeUndefined();
  });
});

describe('edit_file', () => {
  it('applies several edits at once and returns the new hash and a diff', async () => {
    await seedText('/a.txt', 'one\ntwo\nthree\n');
    const { contentHash } = await run(readFileTool, { path: '/a.txt' });
    const result = await run(editFileTool, {
      path: '/workspace/a.txt',
      expectedHash: contentHash,
      edits: [
        { oldText: 'three', newText: '3' },
        { oldText: 'one', newText: '1' },
      ],
    });
    expect((await files.read(context.sessionId, '/a.txt'))?.content).toBe('1\ntwo\n3\n');
    expect(result).toMatchObject({ editsApplied: 2, firstChangedLine: 1, previousHash: contentHash });
    expect(result.contentHash).toBe((await files.stat(context.sessionId, '/a.txt'))?.contentHash);
    expect(result.diff).toBe('@@ line 1 @@\n-one\n+1\n@@ line 3 @@\n-three\n+3');
  });

  it('keeps CRLF line endings when the model writes \\n', async () => {
    await seedText('/w.txt', 'a\r\nb\r\nc\r\n');
    await run(editFileTool, { path: '/w.txt', edits: [{ oldText: 'a\nb', newText: 'x\ny' }] });
    expect((await files.read(context.sessionId, '/w.txt'))?.content).toBe('x\r\ny\r\nc\r\n');
  });

  it.each([
    [[{ oldText: 'missing', newText: 'x' }], /Could not find an exact match/],
    [[{ oldText: 'o', newText: 'x' }], /matches more than one place/],
    [
      [
        { oldText: 'one\ntwo', newText: 'x' },
        { oldText: 'two\nthree', newText: 'y' },
      ],
      /overlap/,
    ],
  ])('refuses %j and leaves the file unchanged', async (edits, message) => {
    await seedText('/a.txt', 'one\ntwo\nthree\n');
    await expect(run(editFileTool, { path: '/a.txt', edits })).rejects.toThrow(message);
    expect((await files.read(context.sessionId, '/a.txt'))?.content).toBe('one\ntwo\nthree\n');
  });

  it('refuses an edit when the file changed since the last read', async () => {
    await seedText('/a.txt', 'v1');
    const { contentHash } = await run(readFileTool, { path: '/a.txt' });
    await seedText('/a.txt', 'v2 by someone else');
    await expect(run(editFileTool, { path: '/a.txt', expectedHash: contentHash, edits: [{ oldText: 'v', newText: 'w' }] })).rejects.toThrow(
      /changed since the last read/,
    );
    expect((await files.read(context.sessionId, '/a.txt'))?.content).toBe('v2 by someone else');
  });

  it('turns a write race into a conflict error instead of losing the other write', async () => {
    await seedText('/a.txt', 'base');
    // A file system whose file changes between the tool's read and its write.
    const racing = Object.create(files) as MemorySessionFileSystem;
    racing.read = async (sessionId, path) => {
      const file = await files.read(sessionId, path);
      await files.write(sessionId, path, 'concurrent');
      return file;
    };
    context.files = racing;
    await expect(run(editFileTool, { path: '/a.txt', edits: [{ oldText: 'base', newText: 'mine' }] })).rejects.toThrow(/changed since the last read/);
    expect((await files.read(context.sessionId, '/a.txt'))?.content).toBe('concurrent');
  });

  it('requires at least one edit and reports a missing file', async () => {
    expect(editFileTool.parameters.safeParse({ path: '/a.txt', edits: [] }).success).toBe(false);
    await expect(run(editFileTool, { path: '/none.txt', edits: [{ oldText: 'a', newText: 'b' }] })).rejects.toThrow('File not found: /none.txt');
  });
});

describe('list_directory, grep_files, stat_file, delete_file', () => {
  beforeEach(async () => {
    await seedText('/src/a.ts', 'const needle = 1;\nother');
    await seedText('/src/b.js', 'needle again');
    await seedText('/readme.md', 'no match here');
  });

  it('lists direct children sorted, with workspace paths and paging', async () => {
    const root = await run(listDirectoryTool, {});
    expect(root).toMatchObject({ path: '/workspace', count: 2, totalCount: 2, offset: 0, limit: 200 });
    expect(root.entries).toEqual([
      { name: 'readme.md', path: '/workspace/readme.md', isDirectory: false, sizeBytes: 13, isReadonly: false },
      { name: 'src', path: '/workspace/src', isDirectory: true, sizeBytes: 0, isReadonly: false },
    ]);
    const page = await run(listDirectoryTool, { path: '/workspace/src', offset: 1, limit: 1 });
    expect(page).toMatchObject({ count: 1, totalCount: 2, entries: [{ name: 'b.js' }] });
    expect(listDirectoryTool.parameters.safeParse({ limit: 1001 }).success).toBe(false);
    await expect(run(listDirectoryTool, { path: '/missing' })).rejects.toThrow('Directory not found: /missing');
    await expect(run(listDirectoryTool, { path: '/readme.md' })).rejects.toThrow(/Not a directory/);
  });

  it('greps substrings with a path filter written against /workspace', async () => {
    const all = await run(grepFilesTool, { pattern: 'needle' });
    expect(all).toMatchObject({ matchCount: 2, totalMatches: 2, hasMore: false, truncated: false });
    expect(all.matches).toEqual([
      { path: '/workspace/src/a.ts', lineNumber: 1, line: 'const needle = 1;' },
      { path: '/workspace/src/b.js', lineNumber: 1, line: 'needle again' },
    ]);
    const filtered = await run(grepFilesTool, { pattern: 'needle', pathPattern: '/workspace/src/*.ts' });
    expect(filtered.matches).toEqual([{ path: '/workspace/src/a.ts', lineNumber: 1, line: 'const needle = 1;' }]);
    const paged = await run(grepFilesTool, { pattern: 'needle', offset: 1, limit: 1 });
    expect(paged).toMatchObject({ matchCount: 1, totalMatches: 2, hasMore: false, matches: [{ path: '/workspace/src/b.js' }] });
  });

  it('stats a file and reports a missing one', async () => {
    expect(await run(statFileTool, { path: '/workspace/readme.md' })).toMatchObject({
      path: '/workspace/readme.md',
      name: 'readme.md',
      isDirectory: false,
      sizeBytes: 13,
      contentHash: expect.stringMatching(/^sha256:/),
    });
    await expect(run(statFileTool, { path: '/x' })).rejects.toThrow('File not found: /x');
  });

  it('deletes files, refuses a non-empty directory without recursive, and explains each refusal', async () => {
    expect(await run(deleteFileTool, { path: '/workspace/readme.md' })).toEqual({ path: '/workspace/readme.md', deleted: true });
    await expect(run(deleteFileTool, { path: '/readme.md' })).rejects.toThrow('File not found: /readme.md');
    await expect(run(deleteFileTool, { path: '/src' })).rejects.toThrow(/not empty/);
    await expect(run(deleteFileTool, { path: '/workspace' })).rejects.toThrow(/workspace root/);
    await files.seed(context.sessionId, { path: '/keep.txt', content: 'k', encoding: 'text', isReadonly: true });
    await expect(run(deleteFileTool, { path: '/keep.txt' })).rejects.toThrow(/read-only/);
    expect(await run(deleteFileTool, { path: '/src', recursive: true })).toMatchObject({ deleted: true });
    expect(await files.stat(context.sessionId, '/src/a.ts')).toBeUndefined();
  });
});
