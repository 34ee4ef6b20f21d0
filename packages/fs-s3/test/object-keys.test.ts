import { SessionId, toSessionPath } from '@org/core';
import { describe, expect, it } from 'vitest';
import { escapeSegment, MAX_KEY_BYTES, SessionKeys } from '../src/object-keys.js';

const sessionA = SessionId.parse('session_0190f3c2a1b27c3d8e9f00112233aabb');
const sessionB = SessionId.parse('session_0190f3c2a1b27c3d8e9f00112233aabc');

// Names a model could produce that would break a naive `prefix + path` key.
const WEIRD_PATHS = [
  '/a%2F..%2F..%2Fsession_0190f3c2a1b27c3d8e9f00112233aabc/x',
  '/%2e%2e/escape.txt',
  '/.../dots',
  '/..../x/.....',
  '/ü ñ/ファイル 📄.txt',
  "/q?a=1&b=2#frag/!'()*~",
  '/back\\slash/..\\..\\x',
  '/100%/%zz%',
];

describe('SessionKeys', () => {
  it('lays keys out as <prefix>/<sessionId>/<escaped path>', () => {
    const keys = new SessionKeys('tenants/t1', sessionA);
    expect(keys.root).toBe('tenants/t1/session_0190f3c2a1b27c3d8e9f00112233aabb/');
    expect(keys.fileKey('/src/a b.ts')).toBe('tenants/t1/session_0190f3c2a1b27c3d8e9f00112233aabb/src/a%20b.ts');
    expect(keys.directoryPrefix('/src')).toBe('tenants/t1/session_0190f3c2a1b27c3d8e9f00112233aabb/src/');
    expect(keys.directoryPrefix('/')).toBe(keys.root);
    expect(new SessionKeys('', sessionA).root).toBe('session_0190f3c2a1b27c3d8e9f00112233aabb/');
  });

  it('keeps every weird path inside its own session prefix and round-trips it', () => {
    const a = new SessionKeys('sessions', sessionA);
    const b = new SessionKeys('sessions', sessionB);
    for (const raw of WEIRD_PATHS) {
      const path = toSessionPath(raw);
      const key = a.fileKey(path);
      expect(key.startsWith(a.root), raw).toBe(true);
      expect(key.startsWith(b.root), raw).toBe(false);
      // The key has exactly as many levels as the path: no segment adds or removes one.
      expect(key.slice(a.root.length).split('/')).toHaveLength(path.split('/').length - 1);
      expect(key.split('/').some((segment) => segment === '.' || segment === '..'), raw).toBe(false);
      expect(a.pathOfFileKey(key), raw).toBe(path);
      expect(b.pathOfFileKey(key), raw).toBeUndefined();
    }
  });

  it('encodes slashes and dot-only segments so they cannot mean anything to a store', () => {
    expect(escapeSegment('a/b')).toBe('a%2Fb');
    expect(escapeSegment('..')).toBe('%2E%2E');
    expect(escapeSegment('...')).toBe('%2E%2E%2E');
    expect(escapeSegment('.env')).toBe('.env');
    expect(escapeSegment('%2F')).toBe('%252F');
  });

  it('tells file keys from directory markers and directory prefixes', () => {
    const keys = new SessionKeys('sessions', sessionA);
    expect(keys.pathOfFileKey(keys.directoryPrefix('/dir'))).toBeUndefined();
    expect(keys.pathOfDirectoryPrefix(keys.directoryPrefix('/a b/c'))).toBe('/a b/c');
    expect(keys.pathOfFileKey(keys.root)).toBeUndefined();
    expect(keys.pathOfFileKey('elsewhere/x')).toBeUndefined();
  });

  it('refuses paths whose key would not fit S3 and unpaired surrogates, with InvalidPathError', () => {
    const keys = new SessionKeys('sessions', sessionA);
    // 255 characters is a valid segment, but percent-encoding "é" makes each one 6 bytes.
    const tooLong = `/${'é'.repeat(200)}`;
    expect(() => keys.fileKey(tooLong)).toThrow(expect.objectContaining({ name: 'InvalidPathError' }));
    const fits = `/${'x'.repeat(MAX_KEY_BYTES - keys.root.length - 1)}`;
    expect(Buffer.byteLength(keys.fileKey(fits))).toBe(MAX_KEY_BYTES - 1);
    expect(() => keys.fileKey('/bad\uD800name')).toThrow(expect.objectContaining({ name: 'InvalidPathError' }));
  });
});
