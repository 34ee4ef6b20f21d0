import { z } from 'zod';
import { contentHash } from '../../../files/content-hash.js';
import { ConflictError } from '../../../errors.js';
import { defineTool, ToolError, type ToolContext } from '../../../tools/tool.js';
import { modelFacing, surfaceAsToolError } from '../surface-as-tool-error.js';
import { applyTextEdits } from './text-edits.js';
import { pathParameter, sessionPathOf, shownPath } from './workspace-path.js';

const parameters = z.object({
  path: pathParameter('File to edit, e.g. /workspace/src/index.ts'),
  edits: z
    .array(
      z.object({
        oldText: z.string().min(1).describe('Exact text to replace; must occur exactly once in the file.'),
        newText: z.string().describe('Replacement text (empty to delete).'),
      }),
    )
    .min(1)
    .describe('Replacements, all matched against the file as it is now; they must not overlap.'),
  expectedHash: z.string().optional().describe('contentHash from your last read_file; the edit is refused if the file changed since.'),
});

/**
 * `edit_file`: exact, all-or-nothing text replacements. With `expectedHash`
 * the file must not have changed since that read; the write itself is a
 * compare-and-swap on the hash read here, so a concurrent change is reported
 * instead of being overwritten.
 */
export const editFileTool = defineTool({
  name: 'edit_file',
  displayName: 'Edit File',
  description:
    'Replace exact text in a text file. Each oldText must occur exactly once; edits must not overlap; all are applied or none. Read the file first and pass its contentHash as expectedHash.',
  parameters,
  hints: { concurrencyClass: 'session_workspace' },
  execute: async ({ path, edits, expectedHash }, context: ToolContext) => {
    const sessionPath = sessionPathOf(path);
    const file = await modelFacing(() => context.files.read(context.sessionId, sessionPath));
    if (!file) throw new ToolError(`File not found: ${path}`);
    const shown = shownPath(context.files, file.path);
    if (file.isDirectory) throw new ToolError(`${shown} is a directory, not a file`);
    if (file.encoding !== 'text') throw new ToolError(`${shown} is a base64 (binary) file and cannot be edited as text; use write_file`);
    const currentHash = file.contentHash ?? contentHash(file.content);
    if (expectedHash !== undefined && expectedHash !== currentHash) {
      throw new ToolError(`${shown} has changed since the last read (expected ${expectedHash}, now ${currentHash}); read it again, then edit`);
    }
    const edited = applyTextEdits(file.content, edits);
    let info: Awaited<ReturnType<typeof context.files.write>>;
    try {
      info = await context.files.write(context.sessionId, sessionPath, edited.content, { encoding: 'text', ifMatch: currentHash });
    } catch (error) {
      if (error instanceof ConflictError) {
        throw new ToolError(`${shown} changed since the last read while this edit was being applied; read it again, then edit`);
      }
      surfaceAsToolError(error);
    }
    return {
      path: shown,
      editsApplied: edited.editsApplied,
      firstChangedLine: edited.firstChangedLine,
      sizeBytes: info.sizeBytes,
      contentHash: info.contentHash ?? contentHash(edited.content),
      previousHash: currentHash,
      diff: edited.diff,
      ...(edited.diffTruncated && { diffTruncated: true }),
    };
  },
});
