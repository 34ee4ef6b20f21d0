import { ToolError } from '../../../tools/tool.js';

/** One replacement asked of `edit_file`. */
export interface TextEdit {
  oldText: string;
  newText: string;
}

interface PlannedEdit {
  start: number;
  end: number;
  replacement: string;
  /** 1-based line of `start` in the original text. */
  line: number;
  removed: string;
}

/** Longest diff returned; the rest is cut with a note. */
export const MAX_DIFF_CHARS = 16_000;

function snippet(text: string): string {
  const flat = text.replaceAll('\r', '\\r').replaceAll('\n', '\\n');
  return flat.length > 80 ? `${flat.slice(0, 80)}...` : flat;
}

// Models write `\n`; a CRLF (or CR) file must still match and keep its line endings.
function alignLineEndings(text: string, content: string): string {
  const ending = content.includes('\r\n') ? '\r\n' : content.includes('\r') ? '\r' : '\n';
  const normalised = text.replace(/\r\n|\r/g, '\n');
  return ending === '\n' ? normalised : normalised.replaceAll('\n', ending);
}

function plan(content: string, edits: readonly TextEdit[]): PlannedEdit[] {
  const planned = edits.map((edit, index): PlannedEdit => {
    const oldText = alignLineEndings(edit.oldText, content);
    const start = content.indexOf(oldText);
    const which = edits.length > 1 ? `Edit ${index + 1}: ` : '';
    if (start < 0) throw new ToolError(`${which}Could not find an exact match for oldText: '${snippet(oldText)}'`);
    if (content.indexOf(oldText, start + 1) >= 0) {
      throw new ToolError(`${which}oldText matches more than one place; include more surrounding text so it matches exactly once: '${snippet(oldText)}'`);
    }
    const line = content.slice(0, start).split(/\r\n|\r|\n/).length;
    return { start, end: start + oldText.length, replacement: alignLineEndings(edit.newText, content), line, removed: oldText };
  });
  planned.sort((a, b) => a.start - b.start);
  for (let i = 1; i < planned.length; i++) {
    if (planned[i]!.start < planned[i - 1]!.end) throw new ToolError('Edits overlap in the target file; merge them into one edit');
  }
  return planned;
}

function diffOf(planned: readonly PlannedEdit[]): { diff: string; diffTruncated: boolean } {
  const hunks = planned.map((edit) => {
    const minus = edit.removed.split(/\r\n|\r|\n/).map((l) => `-${l}`);
    const plus = edit.replacement === '' ? [] : edit.replacement.split(/\r\n|\r|\n/).map((l) => `+${l}`);
    return [`@@ line ${edit.line} @@`, ...minus, ...plus].join('\n');
  });
  const diff = hunks.join('\n');
  if (diff.length <= MAX_DIFF_CHARS) return { diff, diffTruncated: false };
  return { diff: `${diff.slice(0, MAX_DIFF_CHARS)}\n... diff cut after ${MAX_DIFF_CHARS} characters ...`, diffTruncated: true };
}

/**
 * Applies every edit to `content` at once. Each `oldText` must match exactly
 * once in the original text and no two may overlap; otherwise a
 * {@link ToolError} says which, and nothing is applied.
 */
export function applyTextEdits(content: string, edits: readonly TextEdit[]) {
  const planned = plan(content, edits);
  let result = '';
  let cursor = 0;
  for (const edit of planned) {
    result += content.slice(cursor, edit.start) + edit.replacement;
    cursor = edit.end;
  }
  result += content.slice(cursor);
  return { content: result, editsApplied: planned.length, firstChangedLine: planned[0]?.line, ...diffOf(planned) };
}
