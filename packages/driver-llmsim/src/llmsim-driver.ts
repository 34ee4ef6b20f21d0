import { AssertionError } from 'node:assert';
import {
  ConfigurationError,
  type LlmCallConfig,
  type LlmDoneMetadata,
  type LlmDriver,
  type LlmMessage,
  type LlmStreamEvent,
  type ToolCall,
} from '@org/core';
import { sleep, throwIfAborted, waitForAbort } from './abortable-wait.js';
import { type CallPlan, CallPlanner } from './call-planner.js';
import { splitIntoChunks } from './chunking.js';
import { ImmediateStream } from './immediate-stream.js';
import type { CaptureLog } from './capture-log.js';
import { DEFAULT_CHUNK_LATENCY_MS, LlmSimConfig } from './llmsim-config.js';
import { parseModelTiming } from './model-timing.js';
import type { OnExhausted, UsageOverride } from './response-mode.js';
import type { SimError, SimErrorKind } from './sim-error.js';
import type { SimToolCall } from './sim-tool-call.js';
import { estimatePromptTokens, estimateTokens } from './token-estimate.js';

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
 *
 * The `with…`/`fail…` methods return a new driver (with fresh counters) built
 * from the modified config: configure first, then share the instance.
 */
export class LlmSimDriver implements LlmDriver {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'llmsim';
  readonly config: LlmSimConfig;
  readonly #planner: CallPlanner;

  constructor(config: LlmSimConfig = LlmSimConfig.default()) {
    this.config = config;
    this.#planner = new CallPlanner(config.settings);
  }

  /** How many calls `stream` has received since construction or the last `reset()`. */
  get callCount(): number {
    return this.#planner.calls;
  }

  /** The simulated model name (see `withModel`). */
  get modelName(): string {
    return this.config.settings.modelName;
  }

  /** The reasoning effort of every call, in call order. Throws unless built with `withEffortCapture`. */
  get capturedEfforts(): readonly (string | undefined)[] {
    const log = this.config.settings.effortCapture;
    if (!log) throw new ConfigurationError('effort capture is off: build the simulator with .withEffortCapture()');
    return log.records;
  }

  /** A copy of the messages of every call, in call order. Throws unless built with `withMessageCapture`. */
  get capturedMessages(): readonly LlmMessage[][] {
    const log = this.config.settings.messageCapture;
    if (!log) throw new ConfigurationError('message capture is off: build the simulator with .withMessageCapture()');
    return log.records;
  }

  /** Starts one simulated call. See the class documentation for ordering and abort behaviour. */
  stream(messages: readonly LlmMessage[], config: LlmCallConfig, options: { signal: AbortSignal }): AsyncIterable<LlmStreamEvent> {
    const plan = this.#planner.next(messages, config);
    const timing = this.#timing(config);
    if (plan.kind === 'reply' && timing.startDelayMs === 0 && timing.chunkLatencyMs === 0) {
      // Nothing to wait for: a plain iterator instead of the generator (one promise per chunk).
      return new ImmediateStream(replyEvents(plan), () => ({ type: 'done', metadata: this.#doneMetadata(plan, messages, config) }), options.signal);
    }
    return this.#play(plan, messages, config, timing, options.signal);
  }

  /**
   * Throws an `AssertionError` naming what is left when a `sequence` or
   * `scripted` script, or a tool-call sequence, still has steps no call has
   * used. Other modes have nothing to consume and always pass.
   */
  assertComplete(): void {
    const unconsumed = this.#planner.unconsumed();
    if (unconsumed.length > 0)
      throw new AssertionError({ message: `llmsim script not complete after ${this.callCount} call(s): ${unconsumed.join(' | ')}` });
  }

  /** Rewinds every counter to zero and clears the capture logs. */
  reset(): void {
    this.#planner.reset();
    this.config.settings.effortCapture?.clear();
    this.config.settings.messageCapture?.clear();
  }

  /** See {@link LlmSimConfig.withToolCalls}. */
  withToolCalls(calls: readonly SimToolCall[]): LlmSimDriver {
    return new LlmSimDriver(this.config.withToolCalls(calls));
  }

  /** See {@link LlmSimConfig.withToolCallSequence}. */
  withToolCallSequence(entries: readonly (readonly SimToolCall[])[]): LlmSimDriver {
    return new LlmSimDriver(this.config.withToolCallSequence(entries));
  }

  /** See {@link LlmSimConfig.withOnExhausted}. */
  withOnExhausted(onExhausted: OnExhausted): LlmSimDriver {
    return new LlmSimDriver(this.config.withOnExhausted(onExhausted));
  }

  /** See {@link LlmSimConfig.withLatency}. */
  withLatency(msPerChunk?: number): LlmSimDriver {
    return new LlmSimDriver(this.config.withLatency(msPerChunk));
  }

  /** See {@link LlmSimConfig.withModel}. */
  withModel(name: string): LlmSimDriver {
    return new LlmSimDriver(this.config.withModel(name));
  }

  /** See {@link LlmSimConfig.withResponseDelay}. */
  withResponseDelay(ms: number): LlmSimDriver {
    return new LlmSimDriver(this.config.withResponseDelay(ms));
  }

  /** See {@link LlmSimConfig.withResponseId}. */
  withResponseId(id: string): LlmSimDriver {
    return new LlmSimDriver(this.config.withResponseId(id));
  }

  /** See {@link LlmSimConfig.withEffortCapture}; read the records with `capturedEfforts`. */
  withEffortCapture(log?: CaptureLog<string | undefined>): LlmSimDriver {
    return new LlmSimDriver(this.config.withEffortCapture(log));
  }

  /** See {@link LlmSimConfig.withMessageCapture}; read the records with `capturedMessages`. */
  withMessageCapture(log?: CaptureLog<LlmMessage[]>): LlmSimDriver {
    return new LlmSimDriver(this.config.withMessageCapture(log));
  }

  /** See {@link LlmSimConfig.withUsage}. */
  withUsage(usage: UsageOverride): LlmSimDriver {
    return new LlmSimDriver(this.config.withUsage(usage));
  }

  /** See {@link LlmSimConfig.failOnCall}. */
  failOnCall(call: number, kind?: SimErrorKind | SimError): LlmSimDriver {
    return new LlmSimDriver(this.config.failOnCall(call, kind));
  }

  /** See {@link LlmSimConfig.failCalls}. */
  failCalls(calls: readonly number[], kind?: SimErrorKind | SimError): LlmSimDriver {
    return new LlmSimDriver(this.config.failCalls(calls, kind));
  }

  /** The delay before the first chunk and between chunks, from the settings or the model name. */
  #timing(config: LlmCallConfig): { startDelayMs: number; chunkLatencyMs: number } {
    const settings = this.config.settings;
    const requestTiming = parseModelTiming(config.model);
    const simTiming = parseModelTiming(settings.modelName);
    return {
      startDelayMs: settings.responseDelayMs ?? requestTiming.ttftMs ?? simTiming.ttftMs ?? 0,
      chunkLatencyMs: settings.latencyMsPerChunk ?? (requestTiming.latency || simTiming.latency ? DEFAULT_CHUNK_LATENCY_MS : 0),
    };
  }

  async *#play(
    plan: CallPlan,
    messages: readonly LlmMessage[],
    config: LlmCallConfig,
    { startDelayMs, chunkLatencyMs }: { startDelayMs: number; chunkLatencyMs: number },
    signal: AbortSignal,
  ): AsyncGenerator<LlmStreamEvent> {
    throwIfAborted(signal);
    if (startDelayMs > 0) await sleep(startDelayMs, signal);

    if (plan.kind === 'stall') await waitForAbort(signal);
    if (plan.kind === 'error') {
      throwIfAborted(signal);
      yield { type: 'error', error: plan.error };
      return;
    }
    if (plan.kind !== 'reply') return; // unreachable: a stall only ends by abort

    for (const event of replyEvents(plan)) {
      if (event.type === 'text-delta' && chunkLatencyMs > 0) await sleep(chunkLatencyMs, signal);
      throwIfAborted(signal);
      yield event;
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

/** What a reply streams before its `done`: its text in chunks, then its tool calls (both streaming paths use this). */
function replyEvents(plan: { text: string; toolCalls: ToolCall[] }): LlmStreamEvent[] {
  const events: LlmStreamEvent[] = splitIntoChunks(plan.text).map((chunk) => ({ type: 'text-delta', text: chunk }));
  if (plan.toolCalls.length > 0) events.push({ type: 'tool-calls', toolCalls: plan.toolCalls });
  return events;
}
