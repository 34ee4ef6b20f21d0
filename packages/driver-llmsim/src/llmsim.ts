import type { ConditionalRule, OnExhausted } from './response-mode.js';
import { LlmSimConfig } from './llmsim-config.js';
import { LlmSimDriver } from './llmsim-driver.js';
import type { SimTurn } from './sim-turn.js';

/**
 * The fluent entry point: each constructor returns a ready {@link LlmSimDriver}
 * whose modifiers chain, e.g.
 * `LlmSim.fixed('Let me calculate that.').withToolCallSequence([[toolCall('multiply', { a: 6, b: 7 })], []])`.
 * The same constructors exist on {@link LlmSimConfig} when a plain config is wanted.
 */
export const LlmSim = {
  /** A driver for `config` (the default config when omitted). */
  from(config: LlmSimConfig = LlmSimConfig.default()): LlmSimDriver {
    return new LlmSimDriver(config);
  },
  /** Always answers "Hello! I'm a simulated LLM response.". */
  default(): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.default());
  },
  /** Always answers `text`. */
  fixed(text: string): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.fixed(text));
  },
  /** Answers "Echo: {text of the last user message}". */
  echo(): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.echo());
  },
  /** Answers `words` words of lorem ipsum. */
  lorem(words: number): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.lorem(words));
  },
  /** Answers the texts in turn, one per call, cycling; an empty list answers "". */
  sequence(texts: readonly string[]): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.sequence(texts));
  },
  /** Plays one {@link SimTurn} per call; see {@link LlmSimConfig.scripted} for `onExhausted`. */
  scripted(turns: readonly SimTurn[], options: { onExhausted?: OnExhausted } = {}): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.scripted(turns, options));
  },
  /** Every call fails permanently with "LLM error: {message}". */
  error(message: string): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.error(message));
  },
  /** Every call fails permanently as a model-unavailable provider error. */
  modelNotAvailable(): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.modelNotAvailable());
  },
  /** The first rule whose pattern is a substring of the last user message picks the answer; otherwise `fallback`. */
  conditional(rules: readonly ConditionalRule[], fallback: string): LlmSimDriver {
    return new LlmSimDriver(LlmSimConfig.conditional(rules, fallback));
  },
} as const;
