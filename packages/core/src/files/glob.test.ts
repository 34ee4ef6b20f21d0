import { describe, expect, it } from 'vitest';
import { pathFilter } from './glob.js';

describe('pathFilter', () => {
  const paths = ['/main.rs', '/src/lib.rs', '/src/deep/mod.rs', '/docs/readme.md', '/notes.txt'];
  const select = (pattern: string | undefined) => paths.filter(pathFilter(pattern));

  it('matches everything without a pattern', () => {
    expect(select(undefined)).toEqual(paths);
    expect(select('')).toEqual(paths);
  });

  it('gives a basename-only glob a **/ prefix', () => {
    expect(select('*.rs')).toEqual(['/main.rs', '/src/lib.rs', '/src/deep/mod.rs']);
  });

  it('keeps / literal in a glob', () => {
    expect(select('src/*.rs')).toEqual(['/src/lib.rs']);
    expect(select('/src/**/*.rs')).toEqual(['/src/lib.rs', '/src/deep/mod.rs']);
    expect(select('/workspace/docs/*')).toEqual(['/docs/readme.md']);
  });

  it('treats ? [ { as glob characters', () => {
    expect(select('mai?.rs')).toEqual(['/main.rs']);
    expect(select('[ln]*.{rs,txt}')).toEqual(['/src/lib.rs', '/notes.txt']);
  });

  it('is a substring filter otherwise', () => {
    expect(select('src')).toEqual(['/src/lib.rs', '/src/deep/mod.rs']);
    expect(select('.md')).toEqual(['/docs/readme.md']);
  });
});
