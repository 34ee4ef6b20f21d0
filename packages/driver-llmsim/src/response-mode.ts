import type { SimTurn } from './sim-turn.js';
import type { SimToolCall } from './sim-tool-call.js';

/** What a scripted script does once every turn has been used. */
export type OnExhausted = 'repeat_last' | 'error' | 'loop';

/** The allowed {@link OnExhausted} values. */
export const ON_EXHAUSTED_MODES: readonly OnExhausted[] = ['repeat_last', 'error', 'loop'];

/** A `conditional` rule: when `pattern` is a substring of the last user message, answer `response`. */
export type ConditionalRule = readonly [pattern: string, response: string];

/** How the simulator picks the text (or failure) of each call. */
export type ResponseMode =
  | { type: 'fixed'; text: string }
  | { type: 'echo' }
  | { type: 'lorem'; words: number }
  | { type: 'sequence'; texts: readonly string[] }
  | { type: 'scripted'; turns: readonly SimTurn[]; onExhausted: OnExhausted }
  | { type: 'error'; message: string }
  | { type: 'model_not_available' }
  | { type: 'conditional'; rules: readonly ConditionalRule[]; fallback: string };

/** How text modes pick the tool calls of each call: always the same list, or the next entry of a cycling list. */
export type ToolCallMode = { type: 'fixed'; calls: readonly SimToolCall[] } | { type: 'sequence'; entries: readonly (readonly SimToolCall[])[] };

/** Token counts that replace the simulator's estimates in `done` (the total is recomputed). */
export interface UsageOverride {
  promptTokens?: number;
  completionTokens?: number;
}
