import { z } from 'zod';
import { defineTool, ToolError, type ToolContext } from '../../../tools/tool.js';
import { modelFacing } from '../surface-as-tool-error.js';
import { sessionPathOf, shownPath } from './workspace-path.js';

/** Entries per page when no `limit` is given, and the most a page may hold. */
export const LIST_DEFAULT_LIMIT = 200;
export const LIST_MAX_LIMIT = 1000;

const parameters = z.object({
  path: z.string().default('/workspace').describe('Directory to list. Defaults to /workspace.'),
  offset: z.number().int().min(0).default(0).describe('Entries to skip (for paging).'),
  limit: z.number().int().min(1).max(LIST_MAX_LIMIT).default(LIST_DEFAULT_LIMIT).describe('Entries to return, at most 1000. Defaults to 200.'),
});

/** `list_directory`: the direct children of a directory, sorted by path, paged. */
export const listDirectoryTool = defineTool({
  name: 'list_directory',
  displayName: 'List Directory',
  description: 'List the files and directories directly inside a workspace directory (sorted by path; page with offset/limit).',
  parameters,
  hints: { readonly: true, idempotent: true },
  execute: async ({ path, offset, limit }, context: ToolContext) => {
    const sessionPath = sessionPathOf(path);
    const directory = await modelFacing(() => context.files.stat(context.sessionId, sessionPath));
    if (!directory) throw new ToolError(`Directory not found: ${path}`);
    if (!directory.isDirectory) throw new ToolError(`Not a directory: ${path}; use read_file or stat_file for files`);
    const page = await modelFacing(() => context.files.list(context.sessionId, sessionPath, { offset, limit }));
    const entries = page.entries.map((entry) => ({
      name: entry.name,
      path: shownPath(context.files, entry.path),
      isDirectory: entry.isDirectory,
      sizeBytes: entry.sizeBytes,
      isReadonly: entry.isReadonly,
    }));
    return { path: shownPath(context.files, directory.path), entries, count: entries.length, totalCount: page.totalCount, offset, limit };
  },
});
