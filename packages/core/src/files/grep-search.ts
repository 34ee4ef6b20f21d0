import { ValidationError } from '../errors.js';
import type { ResolvedGrepOptions } from './limits.js';
import type { GrepMatch, GrepResult } from './session-file-system.js';

/** A text file grep may read; `content` is only called once the bounds allow reading it. */
export interface GrepCandidate {
  path: string;
  /** Size as stored, counted against `maxBytes` before the file is read. */
  sizeBytes: number;
  content(): string | Promise<string>;
}

/** Checks a grep pattern: a non-empty string, matched as a plain substring (never a regex). */
export function validateGrepPattern(pattern: unknown): string {
  if (typeof pattern !== 'string' || pattern === '') {
    throw new ValidationError('grep pattern must be a non-empty string', [{ path: 'pattern', message: 'expected a non-empty string' }]);
  }
  return pattern;
}

/**
 * The shared grep loop: scans candidates in the order given (implementations
 * pass them sorted by path), matching `pattern` as a substring of each line
 * (`\n` or `\r\n` endings; line numbers 1-based). Stops with `truncated: true`
 * when the next file would exceed `maxFiles` or `maxBytes`, or a match beyond
 * `maxMatches` is found.
 */
export async function searchFiles(candidates: Iterable<GrepCandidate>, pattern: string, bounds: ResolvedGrepOptions): Promise<GrepResult> {
  const matches: GrepMatch[] = [];
  let filesScanned = 0;
  let bytesRead = 0;
  for (const candidate of candidates) {
    if (filesScanned >= bounds.maxFiles || bytesRead + candidate.sizeBytes > bounds.maxBytes) {
      return { matches, truncated: true, filesScanned };
    }
    const content = await candidate.content();
    filesScanned += 1;
    bytesRead += candidate.sizeBytes;
    const lines = content.split('\n');
    for (let index = 0; index < lines.length; index += 1) {
      const raw = lines[index]!;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!line.includes(pattern)) continue;
      if (matches.length >= bounds.maxMatches) return { matches, truncated: true, filesScanned };
      matches.push({ path: candidate.path, lineNumber: index + 1, line });
    }
  }
  return { matches, truncated: false, filesScanned };
}
