import type { LlmCallConfig, LlmDriver, LlmMessage, LlmStreamEvent } from '@org/core';
import { LlmSim } from '@org/driver-llmsim';
import { nextScenarioStep } from './scenario-script.js';

/** Options of {@link ScenarioDriver}. */
export interface ScenarioDriverOptions {
  /** Pause before each streamed word (0: as fast as possible). */
  chunkLatencyMs?: number;
}

/**
 * The demo's model: the llmsim simulator playing the weather-report script
 * (see `nextScenarioStep`). Each call picks its step from the conversation and
 * hands it to a one-step scripted simulator, so the script restarts with every
 * user message, in every session, without shared counters.
 */
export class ScenarioDriver implements LlmDriver {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'llmsim';
  readonly #chunkLatencyMs: number;

  constructor(options: ScenarioDriverOptions = {}) {
    this.#chunkLatencyMs = options.chunkLatencyMs ?? 0;
  }

  stream(messages: readonly LlmMessage[], config: LlmCallConfig, options: { signal: AbortSignal }): AsyncIterable<LlmStreamEvent> {
    const step = LlmSim.scripted([nextScenarioStep(messages)]);
    const sim = this.#chunkLatencyMs > 0 ? step.withLatency(this.#chunkLatencyMs) : step;
    return sim.stream(messages, config, options);
  }
}
