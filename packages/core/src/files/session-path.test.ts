import { describe, expect, it } from 'vitest';
import { InvalidPathError } from './errors.js';
import { ancestorPaths, basename, displayPath, isWithin, parentPath, toSessionPath } from './session-path.js';

describe('toSessionPath (SPEC 9.2)', () => {
  it.each([
    ['/workspace', '/'],
    ['/workspace/', '/'],
    ['/', '/'],
    ['', '/'],
    ['   ', '/'],
    ['/workspace/a/b.txt', '/a/b.txt'],
    ['workspace/a.txt', '/workspace/a.txt'],
    ['/workspaces/x', '/workspaces/x'],
    ['/workspace-old/x', '/workspace-old/x'],
    ['//workspace//a///b//', '/a/b'],
    ['a/b/', '/a/b'],
    ['  /a.txt\t', '/a.txt'],
    ['/workspace/workspace', '/workspace'],
    ['/./a/./b', '/a/b'],
    ['/a/.../b', '/a/.../b'],
    ['/a/..b/c..', '/a/..b/c..'],
  ])('%j → %j', (input, expected) => {
    expect(toSessionPath(input)).toBe(expected);
  });

  it.each(['..', '/..', '/a/../b', '/workspace/../etc', 'a/..', '/a/b/../../..'])('rejects traversal %j', (input) => {
    expect(() => toSessionPath(input)).toThrow(InvalidPathError);
    expect(() => toSessionPath(input)).toThrow(/"\.\." segments are not allowed/);
  });

  it('rejects NUL bytes, non-strings and over-long input with a clear message', () => {
    expect(() => toSessionPath('/a\0b')).toThrow(/NUL byte/);
    expect(() => toSessionPath(undefined)).toThrow(/expected a string, got undefined/);
    expect(() => toSessionPath(`/${'a'.repeat(256)}`)).toThrow(/segment is 256 characters long, the limit is 255/);
    expect(toSessionPath(`/${'a'.repeat(255)}`)).toHaveLength(256);
    const long = `/${'abcdefghi/'.repeat(410)}`;
    expect(() => toSessionPath(long)).toThrow(/the limit is 4096/);
    const error = (() => {
      try {
        toSessionPath('/x/..');
      } catch (e) {
        return e;
      }
    })() as InvalidPathError;
    expect(error).toMatchObject({ code: 'validation', name: 'InvalidPathError', path: '/x/..' });
  });
});

describe('path helpers', () => {
  it('displayPath prefixes /workspace', () => {
    expect(displayPath('/a/b.txt')).toBe('/workspace/a/b.txt');
    expect(displayPath('/')).toBe('/workspace');
    expect(displayPath('/workspace/x')).toBe('/workspace/x');
  });

  it('basename, parentPath, ancestorPaths', () => {
    expect(basename('/a/b.txt')).toBe('b.txt');
    expect(basename('/')).toBe('');
    expect(parentPath('/a/b.txt')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/')).toBe('/');
    expect(ancestorPaths('/a/b/c')).toEqual(['/a', '/a/b']);
    expect(ancestorPaths('/a')).toEqual([]);
  });

  it('isWithin matches whole segments only', () => {
    expect(isWithin('/a', '/a')).toBe(true);
    expect(isWithin('/a', '/a/b')).toBe(true);
    expect(isWithin('/a', '/ab')).toBe(false);
    expect(isWithin('/', '/anything')).toBe(true);
  });
});
