import { deepFreezeJson, ToolCall } from '@org/core';
import { parseInput, requireArray } from './validate.js';

/** A tool call a script asks for. Without `id`, the driver assigns `call_llmsim_{turnIndex}_{callIndex}`. */
export interface SimToolCall {
  name: string;
  arguments?: unknown;
  id?: string;
}

/** Core's ToolCall with the id made optional: a scripted call may leave it to the driver. */
const SimToolCallSchema = ToolCall.extend({ id: ToolCall.shape.id.optional() });

/** Validates plain-data tool calls (name required, id non-empty when given). */
export function parseSimToolCalls(value: unknown, what = 'tool calls'): SimToolCall[] {
  return requireArray(value, what).map((call, index) => {
    const parsed = parseInput(SimToolCallSchema, call, `${what}[${index}]`);
    // Copied once and frozen: every response can then share the arguments, and nobody can change the script through them.
    const out: SimToolCall = { name: parsed.name, arguments: deepFreezeJson(structuredClone(parsed.arguments ?? {}), `${what}[${index}].arguments`) };
    if (parsed.id !== undefined) out.id = parsed.id;
    return out;
  });
}

/** The id the driver gives the `callIndex`-th tool call of its `turnIndex`-th call when the script names none. */
export function autoToolCallId(turnIndex: number, callIndex: number): string {
  // Joined, not a template literal: the runtime keeps this id with every event and message of the call, and a
  // template would make it a rope of four string nodes.
  return ['call_llmsim', turnIndex, callIndex].join('_');
}

/** Turns scripted calls into the core `ToolCall`s one response carries, filling in missing ids. */
export function resolveToolCalls(calls: readonly SimToolCall[], turnIndex: number): ToolCall[] {
  return calls.map((call, callIndex) => ({
    id: call.id ?? autoToolCallId(turnIndex, callIndex),
    name: call.name,
    // Frozen when the script was read (see parseSimToolCalls), so it is shared, not copied.
    arguments: call.arguments ?? {},
  }));
}
