import { z } from 'zod';
import { contentHash } from '../../../files/content-hash.js';
import type { SessionFile } from '../../../files/session-file-system.js';
import { defineTool, ToolError, type ToolContext, withImages } from '../../../tools/tool.js';
import { modelFacing } from '../surface-as-tool-error.js';
import { contentKindOf } from './content-kind.js';
import { numberedLine, splitLines } from './line-window.js';
import { pathParameter, sessionPathOf, shownPath } from './workspace-path.js';

/** Lines shown when no `limit` is given. */
export const READ_DEFAULT_LIMIT = 2000;
/** `.log` files: the last this-many lines when no `offset` is given. */
export const LOG_TAIL_LINES = 500;
/** `.csv` files: this many data rows (plus the header) when no `limit` is given. */
export const CSV_DEFAULT_ROWS = 100;

const parameters = z.object({
  path: pathParameter('File to read, e.g. /workspace/src/index.ts'),
  offset: z.number().int().min(0).optional().describe('0-based line to start from. Defaults to 0 (the end for .log files).'),
  limit: z.number().int().min(1).optional().describe('Maximum lines to show. Defaults to 2000 (500 for .log, 100 rows for .csv).'),
});

interface Window {
  start: number;
  end: number;
  /** Line 1 of a CSV shown above rows that do not include it. */
  withHeader: boolean;
}

function windowFor(kind: string, total: number, offset: number | undefined, limit: number | undefined): Window {
  if (kind === 'log' && offset === undefined) {
    const count = limit ?? LOG_TAIL_LINES;
    return { start: Math.max(0, total - count), end: total, withHeader: false };
  }
  const start = offset ?? 0;
  if (kind === 'csv') {
    const rows = limit ?? CSV_DEFAULT_ROWS;
    // From the top, the header is line 1 and the rows follow it; further down it is prepended.
    if (start === 0) return { start, end: Math.min(total, rows + 1), withHeader: false };
    return { start, end: Math.min(total, start + rows), withHeader: true };
  }
  return { start, end: Math.min(total, start + (limit ?? READ_DEFAULT_LIMIT)), withHeader: false };
}

function metadataOf(file: SessionFile, path: string, hash: string) {
  return { path, encoding: file.encoding, sizeBytes: file.sizeBytes, contentHash: hash };
}

function readText(file: SessionFile, path: string, hash: string, kind: string, offset: number | undefined, limit: number | undefined) {
  const lines = splitLines(file.content);
  const total = lines.length;
  if (total > 0 && offset !== undefined && offset >= total) {
    throw new ToolError(`offset ${offset} is past the end of ${path}, which has ${total} lines`);
  }
  const { start, end, withHeader } = windowFor(kind, total, offset, limit);
  let anyCut = false;
  const shown: string[] = [];
  const show = (index: number) => {
    const { text, cut } = numberedLine(index + 1, lines[index] ?? '');
    anyCut ||= cut;
    shown.push(text);
  };
  if (withHeader) show(0);
  for (let index = start; index < end; index++) show(index);
  return {
    ...metadataOf(file, path, hash),
    content: shown.join('\n'),
    totalLines: total,
    linesShown: total === 0 ? { start: 0, end: 0 } : { start: start + 1, end },
    truncated: start > 0 || end < total || anyCut,
  };
}

/**
 * `read_file`: line-numbered text with paging; `.log` files default to their
 * tail, `.csv` to the header plus 100 rows; images come back as image content;
 * binary or base64 files give metadata only. `contentHash` is what `edit_file`
 * takes as `expectedHash`.
 */
export const readFileTool = defineTool({
  name: 'read_file',
  displayName: 'Read File',
  description:
    'Read a file from the workspace. Text comes back with line numbers (use offset/limit to page through long files); images come back as images; binary files give metadata only. The contentHash in the result can be passed to edit_file as expectedHash.',
  parameters,
  hints: { readonly: true, idempotent: true },
  execute: async ({ path, offset, limit }, context: ToolContext) => {
    const sessionPath = sessionPathOf(path);
    const file = await modelFacing(() => context.files.read(context.sessionId, sessionPath));
    if (!file) throw new ToolError(`File not found: ${path}`);
    const shown = shownPath(context.files, file.path);
    if (file.isDirectory) throw new ToolError(`${shown} is a directory, not a file; use list_directory to see its entries`);
    const hash = file.contentHash ?? contentHash(file.content);
    const kind = contentKindOf(file.path);
    if (kind.kind === 'image' && file.encoding === 'base64') {
      return withImages({ ...metadataOf(file, shown, hash), mediaType: kind.mediaType }, [{ base64: file.content, mediaType: kind.mediaType }]);
    }
    if (file.encoding === 'base64' || kind.kind === 'binary' || kind.kind === 'image') {
      return { ...metadataOf(file, shown, hash), binary: true, note: 'Binary content is not shown.' };
    }
    return readText(file, shown, hash, kind.kind, offset, limit);
  },
});
