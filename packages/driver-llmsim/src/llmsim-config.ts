import { ConfigurationError, type LlmMessage, ValidationError } from '@org/core';
import { CaptureLog } from './capture-log.js';
import {
  type ConditionalRule,
  ON_EXHAUSTED_MODES,
  type OnExhausted,
  type ResponseMode,
  type ToolCallMode,
  type UsageOverride,
} from './response-mode.js';
import { parseSimError, type SimError, type SimErrorKind } from './sim-error.js';
import { parseSimToolCalls, type SimToolCall } from './sim-tool-call.js';
import { parseSimTurn, type SimTurn } from './sim-turn.js';
import { requireArray, requireInteger, requireOneOf, requireString } from './validate.js';

/** The text of the default config. */
export const DEFAULT_RESPONSE = "Hello! I'm a simulated LLM response.";
/** The default simulated model name. */
export const DEFAULT_MODEL_NAME = 'llmsim-model';
/** Per-chunk latency used by `withLatency()` without an argument and by `-latency` model names. */
export const DEFAULT_CHUNK_LATENCY_MS = 10;

/** Every setting of a simulator; see the matching `LlmSimConfig` methods. */
export interface LlmSimSettings {
  response: ResponseMode;
  toolCalls: ToolCallMode | undefined;
  /** Set when latency is simulated: milliseconds to wait before each text chunk. */
  latencyMsPerChunk: number | undefined;
  modelName: string;
  responseDelayMs: number | undefined;
  responseId: string | undefined;
  effortCapture: CaptureLog<string | undefined> | undefined;
  messageCapture: CaptureLog<LlmMessage[]> | undefined;
  /** Injected failures by 1-based call number. */
  failures: ReadonlyMap<number, SimError>;
  usage: UsageOverride | undefined;
}

/**
 * The behaviour of a simulated LLM, built fluently and immutably: every
 * method returns a new config. Start from a response mode
 * (`LlmSimConfig.fixed`, `.echo`, `.lorem`, `.sequence`, `.scripted`, `.error`,
 * `.modelNotAvailable`, `.conditional`) and add modifiers. Every input is
 * validated; bad input throws a `ValidationError` (or a `ConfigurationError`
 * for contradictory settings).
 */
export class LlmSimConfig {
  readonly settings: Readonly<LlmSimSettings>;

  private constructor(settings: LlmSimSettings) {
    this.settings = Object.freeze(settings);
  }

  /** The default: always answers "Hello! I'm a simulated LLM response.". */
  static default(): LlmSimConfig {
    return LlmSimConfig.fixed(DEFAULT_RESPONSE);
  }

  /** Always answers `text`. */
  static fixed(text: string): LlmSimConfig {
    return LlmSimConfig.#of({ type: 'fixed', text: requireString(text, 'fixed text') });
  }

  /** Answers "Echo: {text of the last user message}". */
  static echo(): LlmSimConfig {
    return LlmSimConfig.#of({ type: 'echo' });
  }

  /** Answers `words` words of lorem ipsum. */
  static lorem(words: number): LlmSimConfig {
    return LlmSimConfig.#of({ type: 'lorem', words: requireInteger(words, 'lorem word count', 0, 100_000) });
  }

  /** Answers the texts in turn, one per call, cycling; an empty list answers "". */
  static sequence(texts: readonly string[]): LlmSimConfig {
    const parsed = requireArray(texts, 'sequence').map((text, index) => requireString(text, `sequence[${index}]`));
    return LlmSimConfig.#of({ type: 'sequence', texts: parsed });
  }

  /**
   * Plays one {@link SimTurn} per call. After the last turn, `onExhausted`
   * decides: `repeat_last` (default) repeats it, `loop` starts over, `error`
   * fails with "llmsim scripted config exhausted". Scripted turns carry
   * their own tool calls.
   */
  static scripted(turns: readonly SimTurn[], options: { onExhausted?: OnExhausted } = {}): LlmSimConfig {
    const parsed = requireArray(turns, 'scripted turns').map((turn, index) => parseSimTurn(turn, `scripted turns[${index}]`));
    if (parsed.length === 0) throw new ConfigurationError('llmsim scripted config needs at least one turn');
    const onExhausted = requireOneOf(options.onExhausted ?? 'repeat_last', ON_EXHAUSTED_MODES, 'onExhausted');
    return LlmSimConfig.#of({ type: 'scripted', turns: parsed, onExhausted });
  }

  /** Every call fails permanently with "LLM error: {message}". */
  static error(message: string): LlmSimConfig {
    return LlmSimConfig.#of({ type: 'error', message: requireString(message, 'error message') });
  }

  /** Every call fails permanently as a model-unavailable provider error. */
  static modelNotAvailable(): LlmSimConfig {
    return LlmSimConfig.#of({ type: 'model_not_available' });
  }

  /** The first rule whose pattern is a substring of the last user message picks the answer; otherwise `fallback`. */
  static conditional(rules: readonly ConditionalRule[], fallback: string): LlmSimConfig {
    const parsed = requireArray(rules, 'conditional rules').map((rule, index): ConditionalRule => {
      const pair = requireArray(rule, `conditional rules[${index}]`);
      return [requireString(pair[0], `conditional rules[${index}] pattern`), requireString(pair[1], `conditional rules[${index}] response`)];
    });
    return LlmSimConfig.#of({ type: 'conditional', rules: parsed, fallback: requireString(fallback, 'conditional default') });
  }

  static #of(response: ResponseMode): LlmSimConfig {
    return new LlmSimConfig({
      response,
      toolCalls: undefined,
      latencyMsPerChunk: undefined,
      modelName: DEFAULT_MODEL_NAME,
      responseDelayMs: undefined,
      responseId: undefined,
      effortCapture: undefined,
      messageCapture: undefined,
      failures: new Map(),
      usage: undefined,
    });
  }

  #with(changes: Partial<LlmSimSettings>): LlmSimConfig {
    return new LlmSimConfig({ ...this.settings, ...changes });
  }

  #requireTextMode(method: string): void {
    if (this.settings.response.type === 'scripted')
      throw new ConfigurationError(`${method} does not apply to a scripted config: scripted turns carry their own tool calls`);
  }

  /** Every call returns these tool calls alongside its text (text modes only). */
  withToolCalls(calls: readonly SimToolCall[]): LlmSimConfig {
    this.#requireTextMode('withToolCalls');
    return this.#with({ toolCalls: { type: 'fixed', calls: parseSimToolCalls(calls, 'withToolCalls') } });
  }

  /**
   * Each call returns the next entry of tool calls, cycling; an empty entry
   * means none. Its counter is independent of the text counter.
   */
  withToolCallSequence(entries: readonly (readonly SimToolCall[])[]): LlmSimConfig {
    this.#requireTextMode('withToolCallSequence');
    const parsed = requireArray(entries, 'withToolCallSequence').map((entry, index) => parseSimToolCalls(entry, `withToolCallSequence[${index}]`));
    return this.#with({ toolCalls: { type: 'sequence', entries: parsed } });
  }

  /** What a scripted config does after its last turn. */
  withOnExhausted(onExhausted: OnExhausted): LlmSimConfig {
    const response = this.settings.response;
    if (response.type !== 'scripted') throw new ConfigurationError('withOnExhausted applies to scripted configs only');
    return this.#with({ response: { ...response, onExhausted: requireOneOf(onExhausted, ON_EXHAUSTED_MODES, 'onExhausted') } });
  }

  /** Simulates latency: waits `msPerChunk` (default 10) before each text chunk. */
  withLatency(msPerChunk: number = DEFAULT_CHUNK_LATENCY_MS): LlmSimConfig {
    return this.#with({ latencyMsPerChunk: requireInteger(msPerChunk, 'latency per chunk (ms)', 0, 60_000) });
  }

  /** Sets the simulated model name; `-ttft-{ms}` in it delays the first chunk, `-latency` adds per-chunk latency. */
  withModel(name: string): LlmSimConfig {
    return this.#with({ modelName: requireString(name, 'model name', { nonEmpty: true }) });
  }

  /** Sleeps `ms` before the stream starts (takes precedence over a `-ttft-` model name). */
  withResponseDelay(ms: number): LlmSimConfig {
    return this.#with({ responseDelayMs: requireInteger(ms, 'response delay (ms)', 0, 3_600_000) });
  }

  /** Every `done` carries this `responseId` (for testing previous-response threading). */
  withResponseId(id: string): LlmSimConfig {
    return this.#with({ responseId: requireString(id, 'response id', { nonEmpty: true }) });
  }

  /** Records the `reasoningEffort` of every call into `log` (a new one if omitted; read it via the config or driver). */
  withEffortCapture(log: CaptureLog<string | undefined> = new CaptureLog()): LlmSimConfig {
    return this.#with({ effortCapture: log });
  }

  /** Records a copy of the messages of every call into `log` (a new one if omitted). */
  withMessageCapture(log: CaptureLog<LlmMessage[]> = new CaptureLog()): LlmSimConfig {
    return this.#with({ messageCapture: log });
  }

  /** Replaces the estimated token counts in `done`; the total is recomputed. */
  withUsage(usage: UsageOverride): LlmSimConfig {
    if (typeof usage !== 'object' || usage === null)
      throw new ValidationError('invalid usage override: expected an object with promptTokens and/or completionTokens', [
        { path: 'usage', message: 'not an object' },
      ]);
    const override: UsageOverride = {};
    if (usage.promptTokens !== undefined) override.promptTokens = requireInteger(usage.promptTokens, 'promptTokens', 0);
    if (usage.completionTokens !== undefined) override.completionTokens = requireInteger(usage.completionTokens, 'completionTokens', 0);
    return this.#with({ usage: override });
  }

  /**
   * Makes call number `call` (1-based, counted across every session sharing
   * the driver) fail with `kind` (default `transport`, a transient failure).
   * An injected failure does not consume a script step, so a retry gets the
   * step the failed call would have had.
   */
  failOnCall(call: number, kind: SimErrorKind | SimError = 'transport'): LlmSimConfig {
    return this.failCalls([call], kind);
  }

  /** Like {@link failOnCall} for several call numbers. */
  failCalls(calls: readonly number[], kind: SimErrorKind | SimError = 'transport'): LlmSimConfig {
    const error = parseSimError(kind, 'injected failure');
    const failures = new Map(this.settings.failures);
    for (const [index, call] of requireArray(calls, 'failCalls').entries()) failures.set(requireInteger(call, `failCalls[${index}]`, 1), error);
    return this.#with({ failures });
  }
}
