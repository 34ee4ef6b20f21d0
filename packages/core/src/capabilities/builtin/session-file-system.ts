import { defineCapability } from '../capability.js';
import { deleteFileTool } from './file-tools/delete-file.js';
import { editFileTool } from './file-tools/edit-file.js';
import { grepFilesTool } from './file-tools/grep-files.js';
import { listDirectoryTool } from './file-tools/list-directory.js';
import { readFileTool } from './file-tools/read-file.js';
import { statFileTool } from './file-tools/stat-file.js';
import { writeFileTool } from './file-tools/write-file.js';

const PROMPT = `The session has a private workspace of files. Its root is \`/workspace\`, and every path you pass to a file tool must start with \`/workspace\`.
Writing a file creates any missing directories. Read a file before you edit it, and pass the \`contentHash\` from that read to \`edit_file\` as \`expectedHash\` so an edit never overwrites a change you have not seen.`;

/**
 * `session_file_system`: the workspace file tools (read_file, write_file,
 * edit_file, list_directory, grep_files, delete_file, stat_file) over the
 * runtime's `SessionFileSystem`. The mutating tools share the
 * `session_workspace` concurrency class, so they never overlap.
 */
export const sessionFileSystemCapability = defineCapability<never>({
  id: 'session_file_system',
  name: 'File System',
  description: 'Read, write, edit, list, search and delete files in the session workspace (/workspace).',
  category: 'File Operations',
  icon: 'hard-drive',
  features: ['file_system'],
  systemPrompt: PROMPT,
  tools: [readFileTool, writeFileTool, editFileTool, listDirectoryTool, grepFilesTool, deleteFileTool, statFileTool],
});
