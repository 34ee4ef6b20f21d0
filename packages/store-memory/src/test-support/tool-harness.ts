import { SessionId, type SessionFileSystem, type Tool, type ToolContext, TurnId } from '@org/core';
import { MemoryMemoryStore } from '../memory-memory-store.js';
import { MemorySessionStorageStore } from '../memory-session-storage-store.js';

/**
 * The context the runtime hands a tool, on memory stores: fresh session and
 * turn ids, memory scope `org_test`, a signal that never aborts, no-op
 * progress and output. Pass the stores a test looks into.
 */
export function memoryToolContext(stores: { files?: SessionFileSystem; storage?: MemorySessionStorageStore } = {}): ToolContext {
  return {
    sessionId: SessionId.generate(),
    turnId: TurnId.generate(),
    toolCallId: 'call_1',
    // Tools that never touch files get an empty stand-in.
    files: stores.files ?? ({} as SessionFileSystem),
    storage: stores.storage ?? new MemorySessionStorageStore(),
    memory: new MemoryMemoryStore(),
    memoryScope: 'org_test',
    signal: new AbortController().signal,
    progress: () => {},
    output: () => {},
  };
}

/** Validates the arguments like the runtime (zod first), then executes the tool. */
export async function runTool(tool: Tool<unknown>, args: unknown, context: ToolContext): Promise<Record<string, unknown>> {
  const parsed = tool.parameters.safeParse(args);
  if (!parsed.success) throw new Error(`invalid arguments: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return (await tool.execute(parsed.data, context)) as Record<string, unknown>;
}
