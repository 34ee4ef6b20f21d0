import { describe, expect, it } from 'vitest';
import { searchFiles } from './grep-search.js';
import { resolveGrepOptions } from './limits.js';

const file = (path: string, content: string) => ({ path, sizeBytes: content.length, content: () => content });

describe('searchFiles', () => {
  it('does not read a file once a bound stops the scan', async () => {
    let readsOfSecond = 0;
    const second = { path: '/b', sizeBytes: 50, content: () => {
        readsOfSecond += 1;
        return 'x';
      },
    };
    const result = await searchFiles([file('/a', 'x'), second], 'x', resolveGrepOptions({ maxBytes: 10 }));
    expect(result).toEqual({ matches: [{ path: '/a', lineNumber: 1, line: 'x' }], truncated: true, filesScanned: 1 });
    expect(readsOfSecond).toBe(0);
  });

  it('reports exactly maxMatches matches as complete', async () => {
    const result = await searchFiles([file('/a', 'x\ny\nx')], 'x', resolveGrepOptions({ maxMatches: 2 }));
    expect(result).toMatchObject({ truncated: false });
    expect(result.matches.map((m) => m.lineNumber)).toEqual([1, 3]);
  });
});
