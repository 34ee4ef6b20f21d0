import { DriverError, type LlmCallConfig, type LlmMessage, type ToolCall } from '@org/core';
import type { LlmSimSettings } from './llmsim-config.js';
import { loremIpsum } from './lorem.js';
import type { OnExhausted, ResponseMode } from './response-mode.js';
import { simErrorToDriverError } from './sim-error.js';
import { resolveToolCalls, type SimToolCall } from './sim-tool-call.js';
import { describeSimTurn, type SimTurn } from './sim-turn.js';
import { llmMessageText } from './token-estimate.js';

/** The message of the failure a scripted config with `onExhausted: 'error'` ends in. */
export const SCRIPT_EXHAUSTED_MESSAGE = 'llmsim scripted config exhausted';

/** What one call will do, decided when the call starts. */
export type CallPlan =
  | { kind: 'reply'; text: string; toolCalls: ToolCall[] }
  | { kind: 'error'; error: DriverError }
  | { kind: 'stall' };

type TextMode = Exclude<ResponseMode, { type: 'scripted' | 'error' | 'model_not_available' }>;

/**
 * Decides what each call of a simulator answers and keeps the counters that
 * decision needs: calls, script steps (`sequence`, `scripted`) and tool-call
 * sequence entries, each advancing on its own.
 */
export class CallPlanner {
  readonly #settings: Readonly<LlmSimSettings>;
  #calls = 0;
  /** Steps drawn by `sequence` and `scripted` modes (injected failures draw none). */
  #responseSteps = 0;
  /** Entries drawn from the tool-call sequence; independent of the text steps. */
  #toolCallSteps = 0;

  constructor(settings: Readonly<LlmSimSettings>) {
    this.#settings = settings;
  }

  get calls(): number {
    return this.#calls;
  }

  /** Counts the call, records what it received (when captures are on) and picks its answer. */
  next(messages: readonly LlmMessage[], config: LlmCallConfig): CallPlan {
    const settings = this.#settings;
    const turnIndex = this.#calls++;
    settings.effortCapture?.record(config.reasoningEffort);
    settings.messageCapture?.record(structuredClone([...messages]));

    const injected = settings.failures.get(turnIndex + 1);
    if (injected) return { kind: 'error', error: simErrorToDriverError(injected) };

    const response = settings.response;
    switch (response.type) {
      case 'scripted':
        return this.#nextScripted(response.turns, response.onExhausted, turnIndex);
      case 'error':
        return { kind: 'error', error: new DriverError(`LLM error: ${response.message}`, { kind: 'other', retryable: false }) };
      case 'model_not_available':
        return {
          kind: 'error',
          error: new DriverError(`Model not available: ${config.model}`, { kind: 'model_unavailable', status: 404, retryable: false }),
        };
      default:
        return { kind: 'reply', text: this.#nextText(response, messages), toolCalls: resolveToolCalls(this.#nextToolCalls(), turnIndex) };
    }
  }

  /** Descriptions of the script steps no call has used yet (empty when the script is complete or there is none). */
  unconsumed(): string[] {
    const unconsumed: string[] = [];
    const { response, toolCalls } = this.#settings;
    if (response.type === 'scripted' && this.#responseSteps < response.turns.length) {
      const rest = response.turns.slice(this.#responseSteps).map((turn, offset) => `#${this.#responseSteps + offset + 1} ${describeSimTurn(turn)}`);
      unconsumed.push(`scripted turns: ${this.#responseSteps} of ${response.turns.length} used; not used: ${rest.join('; ')}`);
    }
    if (response.type === 'sequence' && this.#responseSteps < response.texts.length)
      unconsumed.push(`sequence: ${this.#responseSteps} of ${response.texts.length} texts used`);
    if (toolCalls?.type === 'sequence' && this.#toolCallSteps < toolCalls.entries.length)
      unconsumed.push(`tool-call sequence: ${this.#toolCallSteps} of ${toolCalls.entries.length} entries used`);
    return unconsumed;
  }

  /** Rewinds every counter to zero. */
  reset(): void {
    this.#calls = 0;
    this.#responseSteps = 0;
    this.#toolCallSteps = 0;
  }

  #nextScripted(turns: readonly SimTurn[], onExhausted: OnExhausted, turnIndex: number): CallPlan {
    const step = this.#responseSteps++;
    let turn: SimTurn | undefined;
    if (step < turns.length) turn = turns[step];
    else if (onExhausted === 'repeat_last') turn = turns.at(-1);
    else if (onExhausted === 'loop') turn = turns[step % turns.length];
    if (!turn) return { kind: 'error', error: new DriverError(SCRIPT_EXHAUSTED_MESSAGE, { kind: 'other', retryable: false }) };
    switch (turn.type) {
      case 'assistant':
        return { kind: 'reply', text: turn.text, toolCalls: [] };
      case 'tool_calls':
        return { kind: 'reply', text: '', toolCalls: resolveToolCalls(turn.toolCalls, turnIndex) };
      case 'mixed':
        return { kind: 'reply', text: turn.text, toolCalls: resolveToolCalls(turn.toolCalls, turnIndex) };
      case 'error':
        return { kind: 'error', error: simErrorToDriverError(turn.error) };
      case 'stall':
        return { kind: 'stall' };
    }
  }

  #nextText(response: TextMode, messages: readonly LlmMessage[]): string {
    switch (response.type) {
      case 'fixed':
        return response.text;
      case 'echo':
        return `Echo: ${lastUserText(messages)}`;
      case 'lorem':
        return loremIpsum(response.words);
      case 'sequence': {
        const step = this.#responseSteps++;
        return response.texts.length === 0 ? '' : response.texts[step % response.texts.length]!;
      }
      case 'conditional': {
        const userText = lastUserText(messages);
        const rule = response.rules.find(([pattern]) => userText.includes(pattern));
        return rule ? rule[1] : response.fallback;
      }
    }
  }

  #nextToolCalls(): readonly SimToolCall[] {
    const mode = this.#settings.toolCalls;
    if (!mode) return [];
    if (mode.type === 'fixed') return mode.calls;
    const step = this.#toolCallSteps++;
    return mode.entries.length === 0 ? [] : mode.entries[step % mode.entries.length]!;
  }
}

function lastUserText(messages: readonly LlmMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'user') return llmMessageText(message);
  }
  return '';
}
