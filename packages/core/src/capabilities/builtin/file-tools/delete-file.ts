import { z } from 'zod';
import { defineTool, ToolError, type ToolContext } from '../../../tools/tool.js';
import { modelFacing } from '../surface-as-tool-error.js';
import { pathParameter, sessionPathOf, shownPath } from './workspace-path.js';

const parameters = z.object({
  path: pathParameter('File or directory to delete.'),
  recursive: z.boolean().default(false).describe('Delete a non-empty directory and everything in it. Defaults to false.'),
});

/**
 * `delete_file`: deletes a file, an empty directory, or with `recursive` a
 * whole subtree. Each refusal (missing, read-only, non-empty, the root) is a
 * tool error saying why.
 */
export const deleteFileTool = defineTool({
  name: 'delete_file',
  displayName: 'Delete File',
  description: 'Delete a file or an empty directory; pass recursive: true to delete a directory with its contents.',
  parameters,
  hints: { destructive: true, concurrencyClass: 'session_workspace' },
  execute: async ({ path, recursive }, context: ToolContext) => {
    const sessionPath = sessionPathOf(path);
    if (sessionPath === '/') throw new ToolError('Cannot delete the workspace root');
    const target = await modelFacing(() => context.files.stat(context.sessionId, sessionPath));
    if (!target) throw new ToolError(`File not found: ${path}`);
    const shown = shownPath(context.files, target.path);
    if (target.isReadonly) throw new ToolError(`File is read-only: ${shown}`);
    if (target.isDirectory && !recursive) {
      const children = await modelFacing(() => context.files.list(context.sessionId, sessionPath, { limit: 1 }));
      if (children.totalCount > 0) throw new ToolError(`Directory is not empty: ${shown}; pass recursive: true to delete it with its contents`);
    }
    const deleted = await modelFacing(() => context.files.delete(context.sessionId, sessionPath, { recursive }));
    // False here means something changed between the checks and the delete (or a read-only file inside the tree).
    if (!deleted) throw new ToolError(`Could not delete ${shown}; it may have changed meanwhile or contain read-only files`);
    return { path: shown, deleted: true };
  },
});
