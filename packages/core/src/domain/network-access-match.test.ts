import { describe, expect, it } from 'vitest';
import { isHostAllowed, isUrlAllowed, networkPatternCovers } from './network-access-match.js';

describe('isUrlAllowed', () => {
  it('allows everything when there is no list or the allowed list is empty', () => {
    expect(isUrlAllowed('https://anything.test/x')).toBe(true);
    expect(isUrlAllowed('https://anything.test/x', { allowed: [], blocked: [] })).toBe(true);
  });

  it('matches an exact host on any scheme and port-less pattern', () => {
    const list = { allowed: ['api.example.com'] };
    expect(isUrlAllowed('https://api.example.com/v1', list)).toBe(true);
    expect(isUrlAllowed('http://api.example.com:8080/', list)).toBe(true);
    expect(isUrlAllowed('https://example.com/', list)).toBe(false);
    expect(isUrlAllowed('https://evil-api.example.com/', list)).toBe(false);
  });

  it('matches a host pattern with a port only on that port', () => {
    const list = { allowed: ['localhost:8080'] };
    expect(isUrlAllowed('http://localhost:8080/health', list)).toBe(true);
    expect(isUrlAllowed('http://localhost:9090/health', list)).toBe(false);
  });

  it('lets *.example.com match subdomains and the apex, but not look-alikes', () => {
    const list = { allowed: ['*.example.com'] };
    expect(isUrlAllowed('https://example.com/', list)).toBe(true);
    expect(isUrlAllowed('https://a.b.example.com/', list)).toBe(true);
    expect(isUrlAllowed('https://notexample.com/', list)).toBe(false);
    expect(isUrlAllowed('https://example.com.evil.net/', list)).toBe(false);
  });

  it('matches URL prefixes on scheme, host and a path boundary', () => {
    const list = { allowed: ['https://api.example.com/v1'] };
    expect(isUrlAllowed('https://api.example.com/v1', list)).toBe(true);
    expect(isUrlAllowed('https://api.example.com/v1/users?id=2', list)).toBe(true);
    expect(isUrlAllowed('https://api.example.com/v10', list)).toBe(false);
    expect(isUrlAllowed('https://api.example.com/v2', list)).toBe(false);
    expect(isUrlAllowed('http://api.example.com/v1', list)).toBe(false);
    expect(isUrlAllowed('https://api.example.com.evil.net/v1', list)).toBe(false);
  });

  it('is case-insensitive for patterns and URLs', () => {
    expect(isUrlAllowed('HTTPS://API.Example.COM/V1/x', { allowed: ['https://api.example.com/v1'] })).toBe(true);
    expect(isUrlAllowed('https://api.example.com/', { allowed: ['*.EXAMPLE.com'] })).toBe(true);
    expect(isUrlAllowed('https://Docs.Example.com/', { blocked: ['DOCS.example.COM'] })).toBe(false);
  });

  it('lets blocked win over allowed', () => {
    const list = { allowed: ['*.example.com'], blocked: ['secret.example.com'] };
    expect(isUrlAllowed('https://www.example.com/', list)).toBe(true);
    expect(isUrlAllowed('https://secret.example.com/', list)).toBe(false);
    expect(isUrlAllowed('https://x.test/', { blocked: ['https://x.test/admin'] })).toBe(true);
    expect(isUrlAllowed('https://x.test/admin/users', { blocked: ['https://x.test/admin'] })).toBe(false);
  });

  it('denies URLs that cannot be parsed or have no host', () => {
    expect(isUrlAllowed('not a url')).toBe(false);
    expect(isUrlAllowed('')).toBe(false);
    expect(isUrlAllowed('mailto:someone@example.com')).toBe(false);
    expect(isUrlAllowed('https://')).toBe(false);
  });

  it('blocks everything under the <none> sentinel', () => {
    expect(isUrlAllowed('https://example.com/', { allowed: ['<none>'], blocked: [] })).toBe(false);
  });

  it('ignores blank entries and lets malformed patterns match nothing', () => {
    expect(isUrlAllowed('https://a.test/', { allowed: ['  '] })).toBe(true);
    expect(isUrlAllowed('https://a.test/', { allowed: ['a.test/path'] })).toBe(false);
  });
});

describe('isHostAllowed', () => {
  it('applies host and wildcard patterns to a bare host', () => {
    const list = { allowed: ['*.example.com', 'localhost:3000'], blocked: ['bad.example.com'] };
    expect(isHostAllowed('example.com', list)).toBe(true);
    expect(isHostAllowed('API.example.com', list)).toBe(true);
    expect(isHostAllowed('bad.example.com', list)).toBe(false);
    expect(isHostAllowed('localhost:3000', list)).toBe(true);
    expect(isHostAllowed('localhost:4000', list)).toBe(false);
    expect(isHostAllowed('other.test', list)).toBe(false);
  });

  it('admits the host of an allowed URL prefix; blocks a host only for a whole-origin block', () => {
    expect(isHostAllowed('api.test', { allowed: ['https://api.test/v1'] })).toBe(true);
    expect(isHostAllowed('api.test', { blocked: ['https://api.test/admin'] })).toBe(true);
    expect(isHostAllowed('api.test', { blocked: ['https://api.test/'] })).toBe(false);
  });

  it('denies malformed hosts', () => {
    expect(isHostAllowed('')).toBe(false);
    expect(isHostAllowed('a.test/path')).toBe(false);
    expect(isHostAllowed('user@a.test')).toBe(false);
  });
});

describe('networkPatternCovers', () => {
  it('knows which patterns are narrower', () => {
    expect(networkPatternCovers('api.example.com', '*.example.com')).toBe(true);
    expect(networkPatternCovers('example.com', '*.example.com')).toBe(true);
    expect(networkPatternCovers('*.a.example.com', '*.example.com')).toBe(true);
    expect(networkPatternCovers('*.example.com', 'example.com')).toBe(false);
    expect(networkPatternCovers('https://api.example.com/v1/x', 'https://api.example.com/v1')).toBe(true);
    expect(networkPatternCovers('https://api.example.com/v1', 'api.example.com')).toBe(true);
    expect(networkPatternCovers('api.example.com', 'https://api.example.com/')).toBe(false);
    expect(networkPatternCovers('API.example.com', 'api.EXAMPLE.com')).toBe(true);
  });
});
