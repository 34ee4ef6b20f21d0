import { ValidationError } from '@org/core';
import { parseSimError, type SimError, type SimErrorKind } from './sim-error.js';
import { parseSimToolCalls, type SimToolCall } from './sim-tool-call.js';
import { requireString } from './validate.js';

/**
 * One step of a scripted conversation: what the simulated model answers to
 * one call. `stall` never yields (until the call is aborted), which exercises
 * the runtime's stall timeout.
 */
export type SimTurn =
  | { type: 'assistant'; text: string }
  | { type: 'tool_calls'; toolCalls: SimToolCall[] }
  | { type: 'mixed'; text: string; toolCalls: SimToolCall[] }
  | { type: 'error'; error: SimError }
  | { type: 'stall' };

/** Constructors of {@link SimTurn}s; each validates its input. */
export const SimTurn = {
  /** The model answers with text only. */
  assistant(text: string): SimTurn {
    return { type: 'assistant', text: requireString(text, 'assistant turn text') };
  },
  /** The model asks for tools, with no text. */
  toolCalls(calls: readonly SimToolCall[]): SimTurn {
    return { type: 'tool_calls', toolCalls: parseSimToolCalls(calls, 'tool_calls turn') };
  },
  /** The model answers with text and asks for tools. */
  mixed(text: string, calls: readonly SimToolCall[]): SimTurn {
    return { type: 'mixed', text: requireString(text, 'mixed turn text'), toolCalls: parseSimToolCalls(calls, 'mixed turn') };
  },
  /** The call fails like a provider error of `kind` (see `simErrorToDriverError`). */
  error(kind: SimErrorKind, message?: string): SimTurn {
    return { type: 'error', error: parseSimError(message === undefined ? { kind } : { kind, message }, 'error turn') };
  },
  /** The call never produces anything until its signal aborts. */
  stall(): SimTurn {
    return { type: 'stall' };
  },
} as const;

/** Validates a plain-data SimTurn (e.g. from a JSON fixture) and returns a normalised copy. */
export function parseSimTurn(value: unknown, what = 'sim turn'): SimTurn {
  const turn = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  switch (turn.type) {
    case 'assistant':
      return { type: 'assistant', text: requireString(turn.text, `${what}.text`) };
    case 'tool_calls':
      return { type: 'tool_calls', toolCalls: parseSimToolCalls(turn.toolCalls, `${what}.toolCalls`) };
    case 'mixed':
      return { type: 'mixed', text: requireString(turn.text, `${what}.text`), toolCalls: parseSimToolCalls(turn.toolCalls, `${what}.toolCalls`) };
    case 'error':
      return { type: 'error', error: parseSimError(turn.error, `${what}.error`) };
    case 'stall':
      return { type: 'stall' };
    default:
      throw new ValidationError(
        `invalid ${what}: expected type "assistant", "tool_calls", "mixed", "error" or "stall", got ${JSON.stringify(turn.type) ?? 'undefined'}`,
        [{ path: `${what}.type`, message: 'unknown sim turn type' }],
      );
  }
}

/** A short human description of a turn, for assertion messages. */
export function describeSimTurn(turn: SimTurn): string {
  switch (turn.type) {
    case 'assistant':
      return `assistant ${JSON.stringify(truncate(turn.text))}`;
    case 'tool_calls':
      return `tool calls [${turn.toolCalls.map((call) => call.name).join(', ')}]`;
    case 'mixed':
      return `mixed ${JSON.stringify(truncate(turn.text))} + tool calls [${turn.toolCalls.map((call) => call.name).join(', ')}]`;
    case 'error':
      return `error ${turn.error.kind}`;
    case 'stall':
      return 'stall';
  }
}

function truncate(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
