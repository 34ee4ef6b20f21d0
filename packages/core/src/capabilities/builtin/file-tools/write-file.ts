import { z } from 'zod';
import { contentHash } from '../../../files/content-hash.js';
import { defineTool, ToolError, type ToolContext } from '../../../tools/tool.js';
import { modelFacing } from '../surface-as-tool-error.js';
import { pathParameter, sessionPathOf, shownPath } from './workspace-path.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const parameters = z.object({
  path: pathParameter('File to write, e.g. /workspace/notes.md. Missing directories are created.'),
  content: z.string().describe('The whole new content of the file.'),
  encoding: z.enum(['text', 'base64']).default('text').describe('text (default), or base64 for binary content.'),
});

/**
 * `write_file`: creates or overwrites a file (parents are created). A
 * read-only target, a directory or content over the size limit is a tool error
 * and nothing is written. `created` tells whether the file is new.
 */
export const writeFileTool = defineTool({
  name: 'write_file',
  displayName: 'Write File',
  description: 'Create a file or replace its whole content. Missing parent directories are created. Use edit_file to change part of a file.',
  parameters,
  hints: { destructive: true, idempotent: true, concurrencyClass: 'session_workspace' },
  execute: async ({ path, content, encoding }, context: ToolContext) => {
    const sessionPath = sessionPathOf(path);
    if (sessionPath === '/') throw new ToolError('Cannot write to the workspace root; give a file path such as /workspace/notes.md');
    if (encoding === 'base64' && !BASE64.test(content)) throw new ToolError('content is not valid base64 (encoding was base64)');
    const existing = await modelFacing(() => context.files.stat(context.sessionId, sessionPath));
    if (existing?.isDirectory) throw new ToolError(`${shownPath(context.files, existing.path)} is a directory; choose a file path`);
    const info = await modelFacing(() => context.files.write(context.sessionId, sessionPath, content, { encoding }));
    return {
      path: shownPath(context.files, info.path),
      sizeBytes: info.sizeBytes,
      created: existing === undefined,
      contentHash: info.contentHash ?? contentHash(content),
    };
  },
});
