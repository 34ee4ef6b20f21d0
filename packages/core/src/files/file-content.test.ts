import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.js';
import { parseInitialFile, parseSessionIdForFiles, storedSize, validateContent } from './file-content.js';
import { resolveGrepOptions, resolveListOptions, resolveWriteOptions } from './limits.js';

describe('file content', () => {
  it('hashes as sha256:<hex>', () => {
    expect(contentHash('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('measures text in UTF-8 bytes and base64 by its text length', () => {
    expect(storedSize('héllo', 'text')).toBe(6);
    expect(storedSize('AP8=', 'base64')).toBe(4);
  });

  it('accepts canonical base64 only', () => {
    expect(validateContent('AP8=', 'base64')).toBe('AP8=');
    expect(validateContent('', 'base64')).toBe('');
    for (const bad of ['AP8', 'AP9=', 'A P8=', '!!!!']) expect(() => validateContent(bad, 'base64'), bad).toThrow(/canonical base64/);
    expect(() => validateContent(1, 'text')).toThrow(/must be a string/);
  });

  it('validates session ids and initial files', () => {
    expect(() => parseSessionIdForFiles('../x')).toThrow(expect.objectContaining({ code: 'validation' }));
    expect(parseInitialFile({ path: '/a', content: 'x' })).toEqual({ path: '/a', content: 'x', encoding: 'text', isReadonly: false });
    expect(() => parseInitialFile({ path: '', content: 'x' })).toThrow(/invalid initial file/);
  });

  it('applies option defaults and bounds', () => {
    expect(resolveWriteOptions(undefined)).toEqual({ encoding: 'text', ifNoneMatch: false });
    expect(resolveListOptions({})).toEqual({ offset: 0, limit: 200 });
    expect(resolveListOptions({ limit: 5000 })).toEqual({ offset: 0, limit: 1000 });
    expect(resolveGrepOptions({})).toEqual({ maxMatches: 1000, maxFiles: 10_000, maxBytes: 64 * 1024 * 1024 });
    expect(() => resolveListOptions({ offset: 1.5 })).toThrow(/invalid list options: offset/);
  });
});
