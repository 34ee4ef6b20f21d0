import { defineTool, ToolError, type ToolContext } from '../../../tools/tool.js';
import { z } from 'zod';
import { modelFacing } from '../surface-as-tool-error.js';
import { pathParameter, sessionPathOf, shownPath } from './workspace-path.js';

/** `stat_file`: metadata of a file or directory, without its content. */
export const statFileTool = defineTool({
  name: 'stat_file',
  displayName: 'File Info',
  description: 'Get metadata of a file or directory: size, type, read-only flag, content hash and timestamps.',
  parameters: z.object({ path: pathParameter('File or directory to describe.') }),
  hints: { readonly: true, idempotent: true },
  execute: async ({ path }, context: ToolContext) => {
    const info = await modelFacing(() => context.files.stat(context.sessionId, sessionPathOf(path)));
    if (!info) throw new ToolError(`File not found: ${path}`);
    return {
      path: shownPath(context.files, info.path),
      name: info.name,
      isDirectory: info.isDirectory,
      isReadonly: info.isReadonly,
      sizeBytes: info.sizeBytes,
      encoding: info.encoding,
      ...(info.contentHash !== undefined && { contentHash: info.contentHash }),
      createdAt: info.createdAt,
      updatedAt: info.updatedAt,
    };
  },
});
