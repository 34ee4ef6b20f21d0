import { RuntimeError, type RuntimeErrorCode } from '../../errors.js';
import { ToolError } from '../../tools/tool.js';

/**
 * Error codes that describe a problem with what the model asked for (a bad
 * path, a read-only target, a size limit, a lost race). The model can act on
 * them, so their message is shown to it. Anything else (a backend outage, a
 * bug) stays an internal error that is not shown.
 */
const MODEL_FIXABLE: ReadonlySet<RuntimeErrorCode> = new Set(['validation', 'read_only', 'limit_exceeded', 'conflict', 'not_found']);

/**
 * Rethrows `error` as a {@link ToolError} (message kept) when the model caused
 * it, and unchanged otherwise. Use in a `catch` around store calls.
 */
export function surfaceAsToolError(error: unknown): never {
  if (error instanceof ToolError) throw error;
  if (error instanceof RuntimeError && MODEL_FIXABLE.has(error.code)) throw new ToolError(error.message, { cause: error });
  throw error;
}

/** Runs a store call, turning model-caused failures into {@link ToolError}s. */
export async function modelFacing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    surfaceAsToolError(error);
  }
}
