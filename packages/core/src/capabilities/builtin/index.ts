// Built-ins are declared as `Capability<never>` (no config), the type `CapabilityRegistry` accepts.
import type { Capability } from '../capability.js';
import { currentTimeCapability } from './current-time.js';
import { memoryCapability } from './memory.js';
import { sessionFileSystemCapability } from './session-file-system.js';
import { sessionStorageCapability } from './session-storage.js';
import { statelessTodoListCapability } from './stateless-todo-list.js';
import { testMathCapability } from './test-math.js';
import { testWeatherCapability } from './test-weather.js';

export { currentTimeCapability, getCurrentTimeTool } from './current-time.js';
export { addTool, divideTool, multiplyTool, subtractTool, testMathCapability } from './test-math.js';
export { getForecastTool, getWeatherTool, locationHash, testWeatherCapability } from './test-weather.js';
export { statelessTodoListCapability, type Todo, writeTodosTool } from './stateless-todo-list.js';
export { sessionFileSystemCapability } from './session-file-system.js';
export { readFileTool } from './file-tools/read-file.js';
export { writeFileTool } from './file-tools/write-file.js';
export { editFileTool } from './file-tools/edit-file.js';
export { listDirectoryTool } from './file-tools/list-directory.js';
export { grepFilesTool } from './file-tools/grep-files.js';
export { deleteFileTool } from './file-tools/delete-file.js';
export { statFileTool } from './file-tools/stat-file.js';
export { kvStoreTool, RESERVED_SECRET_PREFIX, secretStoreTool, sessionStorageCapability } from './session-storage.js';
export { forgetTool, memoryCapability, recallTool, rememberTool } from './memory.js';
export { surfaceAsToolError } from './surface-as-tool-error.js';

/**
 * The runtime's default preset: capabilities that need nothing beyond the
 * runtime itself and are safe to offer any agent — `current_time` and
 * `stateless_todo_list`. Registering a capability does not switch it on; a
 * harness, agent or session still names it.
 *
 * Left out on purpose: the test fixtures (`test_math`, `test_weather`) and the
 * capabilities that act on a backing service (`session_file_system`,
 * `session_storage`, `memory`), which an embedder opts into with
 * {@link builtinCapabilities} or by registering them one by one.
 */
export function runtimeSafeCapabilities(): Capability<never>[] {
  return [currentTimeCapability, statelessTodoListCapability];
}

/** Every built-in capability: the runtime-safe preset plus the test fixtures and the service-backed ones. */
export function builtinCapabilities(): Capability<never>[] {
  return [
    ...runtimeSafeCapabilities(),
    testMathCapability,
    testWeatherCapability,
    sessionFileSystemCapability,
    sessionStorageCapability,
    memoryCapability,
  ];
}
