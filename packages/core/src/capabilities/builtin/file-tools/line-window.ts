/** Longest line shown as is; longer ones are cut so one line cannot flood the context. */
export const MAX_LINE_CHARS = 2000;

/** Splits text into lines (`\n`, `\r\n` or `\r`); a final line break does not start another line. */
export function splitLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Formats one line as `cat -n` does: the 1-based number right-aligned in 6 columns, a tab, the text. */
export function numberedLine(lineNumber: number, line: string): { text: string; cut: boolean } {
  const cut = line.length > MAX_LINE_CHARS;
  const body = cut ? `${line.slice(0, MAX_LINE_CHARS)}… [line cut at ${MAX_LINE_CHARS} characters]` : line;
  return { text: `${String(lineNumber).padStart(6)}\t${body}`, cut };
}
