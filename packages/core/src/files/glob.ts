import picomatch from 'picomatch';

const GLOB_CHARACTERS = /[*?[{]/;

/**
 * Builds the grep path filter of SPEC 9.3. A pattern containing any of
 * `* ? [ {` is a glob matched against the whole session path (a basename-only
 * glob such as `*.rs` gets a `**∕` prefix so it matches at any depth; `/` in
 * the pattern is literal); anything else is a substring filter on the path.
 * No pattern matches everything.
 */
export function pathFilter(pattern: string | undefined): (path: string) => boolean {
  if (pattern === undefined || pattern === '') return () => true;
  if (!GLOB_CHARACTERS.test(pattern)) return (path) => path.includes(pattern);
  const stripped = pattern.replace(/^\/workspace(?=\/|$)/, '').replace(/^\/+/, '');
  const glob = stripped.includes('/') ? stripped : `**/${stripped}`;
  const matcher = picomatch(glob, { dot: true });
  // Session paths start with `/`; picomatch globs here are relative.
  return (path) => matcher(path.slice(1));
}
