import type { FileEncoding, GrepMatch, GrepResult, ResolvedGrepOptions } from '@org/core';

/** A file grep may read, as listed (size known before anything is fetched). */
export interface GrepObject {
  path: string;
  /** Bytes of the object, counted against `maxBytes` before it is fetched. */
  objectBytes: number;
  /** Downloads the object (one GET). */
  fetch(): Promise<{ encoding: FileEncoding; content: string }>;
}

/**
 * The bounded grep over objects, in the order given (sorted by path). It keeps
 * core's matching rules (`searchFiles`: plain substring per line, `\n` or
 * `\r\n`, 1-based line numbers, the same stop conditions) but reads ahead: up
 * to `readAhead` GETs run in parallel, and never beyond what the `maxFiles`
 * and `maxBytes` bounds allow, so a call never downloads more than `maxBytes`.
 *
 * The encoding is only known once an object is fetched, so binary (base64)
 * files cost their bytes against `maxBytes` but are not searched and not
 * counted in `filesScanned`.
 */
export async function grepObjects(objects: readonly GrepObject[], pattern: string, bounds: ResolvedGrepOptions, readAhead: number): Promise<GrepResult> {
  const matches: GrepMatch[] = [];
  const fetches = new Map<number, Promise<{ encoding: FileEncoding; content: string }>>();
  let filesScanned = 0;
  let bytesRead = 0;

  const startFetches = (from: number): void => {
    let plannedBytes = bytesRead;
    for (let index = from; index < objects.length && index < from + readAhead; index += 1) {
      const object = objects[index]!;
      plannedBytes += object.objectBytes;
      // Stop reading ahead where the loop could stop: past the byte budget or the file budget.
      if (plannedBytes > bounds.maxBytes || filesScanned + (index - from) >= bounds.maxFiles) return;
      if (fetches.has(index)) continue;
      const fetched = object.fetch();
      // A fetch the loop never awaits (it stopped early) must not become an unhandled rejection.
      fetched.catch(() => undefined);
      fetches.set(index, fetched);
    }
  };

  for (let index = 0; index < objects.length; index += 1) {
    const object = objects[index]!;
    if (filesScanned >= bounds.maxFiles || bytesRead + object.objectBytes > bounds.maxBytes) {
      return { matches, truncated: true, filesScanned };
    }
    startFetches(index);
    const fetched = await (fetches.get(index) ?? object.fetch());
    fetches.delete(index);
    bytesRead += object.objectBytes;
    if (fetched.encoding !== 'text') continue;
    filesScanned += 1;
    const lines = fetched.content.split('\n');
    for (let lineIndex = 0; lineIndex < lines.length; lineIndex += 1) {
      const raw = lines[lineIndex]!;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (!line.includes(pattern)) continue;
      if (matches.length >= bounds.maxMatches) return { matches, truncated: true, filesScanned };
      matches.push({ path: object.path, lineNumber: lineIndex + 1, line });
    }
  }
  return { matches, truncated: false, filesScanned };
}
