import { z } from 'zod';
import { defineTool, type ToolContext } from '../../../tools/tool.js';
import { modelFacing } from '../surface-as-tool-error.js';
import { sessionPathPattern, shownPath } from './workspace-path.js';

export const GREP_DEFAULT_LIMIT = 200;
export const GREP_MAX_LIMIT = 1000;
/** Matches collected per call at most; beyond this `totalMatches` is a lower bound and `truncated` is set. */
export const GREP_SCAN_LIMIT = 10_000;
const MAX_LINE_CHARS = 500;

const parameters = z.object({
  pattern: z.string().min(1).describe('Text to search for (a plain substring, case-sensitive; not a regular expression).'),
  pathPattern: z
    .string()
    .optional()
    .describe('Only search matching paths: a glob such as "*.ts" or "/workspace/src/**", or a plain substring of the path.'),
  offset: z.number().int().min(0).default(0).describe('Matches to skip (for paging).'),
  limit: z.number().int().min(1).max(GREP_MAX_LIMIT).default(GREP_DEFAULT_LIMIT).describe('Matches to return, at most 1000. Defaults to 200.'),
});

/** `grep_files`: a plain substring search over the workspace's text files, paged. */
export const grepFilesTool = defineTool({
  name: 'grep_files',
  displayName: 'Search Files',
  description: 'Search the text files of the workspace for a substring. Returns matching lines with their path and 1-based line number.',
  parameters,
  hints: { readonly: true, idempotent: true },
  execute: async ({ pattern, pathPattern, offset, limit }, context: ToolContext) => {
    const result = await modelFacing(() =>
      context.files.grep(context.sessionId, pattern, {
        ...(pathPattern !== undefined && { pathPattern: sessionPathPattern(context.files, pathPattern) }),
        maxMatches: GREP_SCAN_LIMIT,
      }),
    );
    const matches = result.matches.slice(offset, offset + limit).map((match) => ({
      path: shownPath(context.files, match.path),
      lineNumber: match.lineNumber,
      line: match.line.length > MAX_LINE_CHARS ? `${match.line.slice(0, MAX_LINE_CHARS)}…` : match.line,
    }));
    return {
      pattern,
      ...(pathPattern !== undefined && { pathPattern }),
      matches,
      matchCount: matches.length,
      totalMatches: result.matches.length,
      offset,
      limit,
      hasMore: offset + matches.length < result.matches.length || result.truncated,
      truncated: result.truncated,
    };
  },
});
