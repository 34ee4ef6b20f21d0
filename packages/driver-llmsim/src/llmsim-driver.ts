import { AssertionError } from 'node:assert';
import {
  ConfigurationError,
  DriverError,
  type LlmCallConfig,
  type LlmDoneMetadata,
  type LlmDriver,
  type LlmMessage,
  type LlmStreamEvent,
  type ToolCall,
} from '@org/core';
import { sleep, throwIfAborted, waitForAbort } from './abortable-wait.js';
import { splitIntoChunks } from './chunking.js';
import { DEFAULT_CHUNK_LATENCY_MS, LlmSimConfig } from './llmsim-config.js';
import { loremIpsum } from './lorem.js';
import { parseModelTiming } from './model-timing.js';
import { simErrorToDriverError } from './sim-error.js';
import { resolveToolCalls, type SimToolCall } from './sim-tool-call.js';
import { describeSimTurn, type SimTurn } from './sim-turn.js';
import { estimatePromptTokens, estimateTokens, llmMessageText } from './token-estimate.js';

/** The message of the failure a scripted config with `onExhausted: 'error'` ends in. */
export const SCRIPT_EXHAUSTED_MESSAGE = 'llmsim scripted config exhausted';

/** What one call will do, decided when the call starts. */
type CallPlan =
  | { kind: 'reply'; text: string; toolCalls: ToolCall[] }
  | { kind: 'error'; error: DriverError }
  | { kind: 'stall' };

/**
 * A simulated LLM provider driven by an {@link LlmSimConfig}.
 *
 * One instance is meant to be shared by every session of a runtime: its
 * counters (calls, script steps, tool-call sequence) advance across calls, in
 * the order `stream` is called. Each call's answer is chosen when `stream` is
 * called; the delay, chunks, tool calls and `done` follow as the stream is
 * read. Aborting the signal ends the stream at once with a `CancelledError`
 * and nothing further is yielded. Failures are yielded as one `error` event
 * carrying a `DriverError`.
 */
export class LlmSimDriver implements LlmDriver {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'llmsim';
  readonly config: LlmSimConfig;
  #calls = 0;
  /** Script steps drawn by `sequence` and `scripted` modes (injected failures draw none). */
  #responseSteps = 0;
  /** Entries drawn from `withToolCallSequence`; independent of the text steps. */
  #toolCallSteps = 0;

  constructor(config: LlmSimConfig = LlmSimConfig.default()) {
    this.config = config;
  }

  /** How many calls `stream` has received since construction or the last `reset()`. */
  get callCount(): number {
    return this.#calls;
  }

  /** The simulated model name (see `withModel`). */
  get modelName(): string {
    return this.config.settings.modelName;
  }

  /** The reasoning effort of every call, in call order. Throws unless the config has `withEffortCapture`. */
  get capturedEfforts(): readonly (string | undefined)[] {
    const log = this.config.settings.effortCapture;
    if (!log) throw new ConfigurationError('effort capture is off: build the config with .withEffortCapture()');
    return log.records;
  }

  /** A copy of the messages of every call, in call order. Throws unless the config has `withMessageCapture`. */
  get capturedMessages(): readonly LlmMessage[][] {
    const log = this.config.settings.messageCapture;
    if (!log) throw new ConfigurationError('message capture is off: build the config with .withMessageCapture()');
    return log.records;
  }

  /** Starts one simulated call. See the class documentation for ordering and abort behaviour. */
  stream(messages: readonly LlmMessage[], config: LlmCallConfig, options: { signal: AbortSignal }): AsyncIterable<LlmStreamEvent> {
    const plan = this.#plan(messages, config);
    return this.#play(plan, messages, config, options.signal);
  }

  /**
   * Throws an `AssertionError` naming what is left when a `sequence` or
   * `scripted` script, or a tool-call sequence, still has steps no call has
   * used.
   */
  assertComplete(): void {
    const unconsumed: string[] = [];
    const { response, toolCalls } = this.config.settings;
    if (response.type === 'scripted' && this.#responseSteps < response.turns.length) {
      const next = response.turns
        .slice(this.#responseSteps)
        .map((turn, offset) => `#${this.#responseSteps + offset + 1} ${describeSimTurn(turn)}`);
      unconsumed.push(`scripted turns: ${this.#responseSteps} of ${response.turns.length} used; not used: ${next.join('; ')}`);
    }
    if (response.type === 'sequence' && this.#responseSteps < response.texts.length)
      unconsumed.push(`sequence: ${this.#responseSteps} of ${response.texts.length} texts used`);
    if (toolCalls?.type === 'sequence' && this.#toolCallSteps < toolCalls.entries.length)
      unconsumed.push(`tool-call sequence: ${this.#toolCallSteps} of ${toolCalls.entries.length} entries used`);
    if (unconsumed.length > 0)
      throw new AssertionError({ message: `llmsim script not complete after ${this.#calls} call(s): ${unconsumed.join(' | ')}` });
  }

  /** Rewinds every counter to zero and clears the capture logs. */
  reset(): void {
    this.#calls = 0;
    this.#responseSteps = 0;
    this.#toolCallSteps = 0;
    this.config.settings.effortCapture?.clear();
    this.config.settings.messageCapture?.clear();
  }

  #plan(messages: readonly LlmMessage[], config: LlmCallConfig): CallPlan {
    const settings = this.config.settings;
    const turnIndex = this.#calls++;
    settings.effortCapture?.record(config.reasoningEffort);
    settings.messageCapture?.record(structuredClone([...messages]));

    const injected = settings.failures.get(turnIndex + 1);
    if (injected) return { kind: 'error', error: simErrorToDriverError(injected) };

    const response = settings.response;
    switch (response.type) {
      case 'scripted':
        return this.#planScripted(response.turns, response.onExhausted, turnIndex);
      case 'error':
        return { kind: 'error', error: new DriverError(`LLM error: ${response.message}`, { kind: 'other', retryable: false }) };
      case 'model_not_available':
        return {
          kind: 'error',
          error: new DriverError(`Model not available: ${config.model}`, { kind: 'model_unavailable', status: 404, retryable: false }),
        };
      default:
        return { kind: 'reply', text: this.#pickText(response, messages), toolCalls: resolveToolCalls(this.#pickToolCalls(), turnIndex) };
    }
  }

  #planScripted(turns: readonly SimTurn[], onExhausted: 'repeat_last' | 'error' | 'loop', turnIndex: number): CallPlan {
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

  #pickText(
    response: Exclude<LlmSimConfig['settings']['response'], { type: 'scripted' | 'error' | 'model_not_available' }>,
    messages: readonly LlmMessage[],
  ): string {
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

  #pickToolCalls(): readonly SimToolCall[] {
    const mode = this.config.settings.toolCalls;
    if (!mode) return [];
    if (mode.type === 'fixed') return mode.calls;
    const step = this.#toolCallSteps++;
    return mode.entries.length === 0 ? [] : mode.entries[step % mode.entries.length]!;
  }

  async *#play(plan: CallPlan, messages: readonly LlmMessage[], config: LlmCallConfig, signal: AbortSignal): AsyncGenerator<LlmStreamEvent> {
    throwIfAborted(signal);
    const settings = this.config.settings;
    const requestTiming = parseModelTiming(config.model);
    const simTiming = parseModelTiming(settings.modelName);

    const startDelayMs = settings.responseDelayMs ?? requestTiming.ttftMs ?? simTiming.ttftMs ?? 0;
    if (startDelayMs > 0) await sleep(startDelayMs, signal);

    if (plan.kind === 'stall') await waitForAbort(signal);
    if (plan.kind === 'error') {
      throwIfAborted(signal);
      yield { type: 'error', error: plan.error };
      return;
    }
    if (plan.kind !== 'reply') return; // unreachable: a stall only ends by abort

    const chunkLatencyMs =
      settings.latencyMsPerChunk ?? (requestTiming.latency || simTiming.latency ? DEFAULT_CHUNK_LATENCY_MS : 0);
    for (const chunk of splitIntoChunks(plan.text)) {
      if (chunkLatencyMs > 0) await sleep(chunkLatencyMs, signal);
      throwIfAborted(signal);
      yield { type: 'text-delta', text: chunk };
    }
    if (plan.toolCalls.length > 0) {
      throwIfAborted(signal);
      yield { type: 'tool-calls', toolCalls: plan.toolCalls };
    }
    throwIfAborted(signal);
    yield { type: 'done', metadata: this.#doneMetadata(plan, messages, config) };
  }

  #doneMetadata(plan: { text: string; toolCalls: ToolCall[] }, messages: readonly LlmMessage[], config: LlmCallConfig): LlmDoneMetadata {
    const override = this.config.settings.usage;
    const promptTokens = override?.promptTokens ?? estimatePromptTokens(messages);
    const completionTokens = override?.completionTokens ?? estimateTokens(plan.text);
    const metadata: LlmDoneMetadata = {
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + completionTokens,
      model: config.model,
      finishReason: plan.toolCalls.length > 0 ? 'tool_calls' : 'stop',
    };
    const responseId = this.config.settings.responseId;
    if (responseId !== undefined) metadata.responseId = responseId;
    return metadata;
  }
}

function lastUserText(messages: readonly LlmMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'user') return llmMessageText(message);
  }
  return '';
}
