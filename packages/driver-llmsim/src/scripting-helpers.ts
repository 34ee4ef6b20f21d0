import type { SimErrorKind } from './sim-error.js';
import type { SimToolCall } from './sim-tool-call.js';
import { SimTurn } from './sim-turn.js';

/**
 * A scripted tool call, e.g. `toolCall('multiply', { a: 6, b: 7 }, 'call_mul_1')`.
 * Without `id` the driver assigns `call_llmsim_{turnIndex}_{callIndex}`.
 */
export function toolCall(name: string, args: unknown = {}, id?: string): SimToolCall {
  return id === undefined ? { name, arguments: args } : { name, arguments: args, id };
}

/** A scripted text-only answer (same as `SimTurn.assistant`). */
export function assistantTurn(text: string): SimTurn {
  return SimTurn.assistant(text);
}

/** A scripted provider failure of `kind` (same as `SimTurn.error`). */
export function driverError(kind: SimErrorKind, message?: string): SimTurn {
  return SimTurn.error(kind, message);
}
