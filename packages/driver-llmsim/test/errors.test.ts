import { ConfigurationError, DriverError, ValidationError } from '@org/core';
import { describe, expect, it } from 'vitest';
import {
  driverError,
  isTransientSimError,
  LlmSim,
  LlmSimConfig,
  LlmSimDriver,
  SIM_ERROR_KINDS,
  SimTurn,
  simErrorToDriverError,
  type SimErrorKind,
  toolCall,
} from '../src/index.js';
import { callConfig, collect, errorOf, textOf, texts, user } from './support.js';

const EXPECTED: Record<SimErrorKind, { status: number | undefined; kind: string; retryable: boolean }> = {
  rate_limit: { status: 429, kind: 'rate_limit', retryable: true },
  timeout: { status: 504, kind: 'timeout', retryable: true },
  overloaded: { status: 529, kind: 'overloaded', retryable: true },
  transport: { status: undefined, kind: 'transport', retryable: true },
  invalid_response: { status: 400, kind: 'invalid_response', retryable: false },
  authentication: { status: 401, kind: 'authentication', retryable: false },
  quota_exhausted: { status: 402, kind: 'quota_exhausted', retryable: false },
  unsupported_model: { status: 404, kind: 'unsupported_model', retryable: false },
  other: { status: 500, kind: 'other', retryable: false },
};

describe('scripted errors', () => {
  it.each(SIM_ERROR_KINDS)('%s yields one error event with the right status, kind and retryability', async (kind) => {
    const events = await collect(LlmSim.scripted([driverError(kind)]));
    expect(events.map((event) => event.type)).toEqual(['error']);
    const error = errorOf(events);
    expect(error).toBeInstanceOf(DriverError);
    expect({ status: error.status, kind: error.kind, retryable: error.retryable }).toEqual(EXPECTED[kind]);
    expect(error.message).toMatch(new RegExp(`^LlmSim scripted error \\(${error.status ?? kind}\\): .+`));
    expect(isTransientSimError(kind)).toBe(EXPECTED[kind].retryable);
  });

  it('rate_limit and timeout carry the SPEC messages', () => {
    expect(simErrorToDriverError('rate_limit').message).toBe('LlmSim scripted error (429): Rate limit exceeded. Please retry after some time.');
    expect(simErrorToDriverError('timeout').message).toBe('LlmSim scripted error (504): Request timed out');
  });

  it('a custom message replaces the default one', () => {
    expect(simErrorToDriverError({ kind: 'other', message: 'boom' }).message).toBe('LlmSim scripted error (500): boom');
  });

  it('an error turn consumes its step: the next call gets the next turn', async () => {
    const driver = LlmSim.scripted([SimTurn.error('rate_limit'), SimTurn.assistant('recovered')]);
    expect(errorOf(await collect(driver)).kind).toBe('rate_limit');
    expect(textOf(await collect(driver))).toBe('recovered');
  });
});

describe('error modes', () => {
  it('error(msg) fails every call permanently with "LLM error: {msg}"', async () => {
    const driver = LlmSim.error('backend down');
    for (let call = 0; call < 2; call++) {
      const error = errorOf(await collect(driver));
      expect(error.message).toBe('LLM error: backend down');
      expect(error.retryable).toBe(false);
    }
  });

  it('modelNotAvailable fails permanently as model_unavailable naming the requested model', async () => {
    const error = errorOf(await collect(LlmSim.modelNotAvailable(), [user('q')], callConfig({ model: 'gone-model' })));
    expect(error).toMatchObject({ kind: 'model_unavailable', status: 404, retryable: false });
    expect(error.message).toContain('gone-model');
  });
});

describe('injected failures', () => {
  it('failOnCall fails exactly that call (1-based), transient by default, without consuming a script step', async () => {
    const driver = LlmSim.sequence(['one', 'two', 'three']).failOnCall(2);
    const first = await collect(driver);
    const second = await collect(driver);
    expect(textOf(first)).toBe('one');
    expect(errorOf(second)).toMatchObject({ kind: 'transport', retryable: true });
    // The retry gets the step the failed call would have had.
    expect(await texts(driver, 2)).toEqual(['two', 'three']);
    driver.assertComplete();
  });

  it('failCalls fails several calls with a permanent kind', async () => {
    const driver = LlmSim.fixed('ok').failCalls([1, 3], 'authentication');
    const outcomes = [];
    for (let call = 0; call < 4; call++) {
      const events = await collect(driver);
      outcomes.push(events.some((event) => event.type === 'error') ? `${errorOf(events).kind}:${errorOf(events).retryable}` : textOf(events));
    }
    expect(outcomes).toEqual(['authentication:false', 'ok', 'authentication:false', 'ok']);
  });

  it('an injected failure in a scripted config leaves the script where it was', async () => {
    const driver = LlmSim.scripted([SimTurn.assistant('a'), SimTurn.assistant('b')]).failOnCall(1, 'overloaded');
    expect(errorOf(await collect(driver)).kind).toBe('overloaded');
    expect(await texts(driver, 2)).toEqual(['a', 'b']);
  });
});

describe('bad input', () => {
  it('rejects malformed values with a ValidationError naming the field', () => {
    expect(() => LlmSim.lorem(-1)).toThrow(ValidationError);
    expect(() => LlmSim.lorem(1.5)).toThrow(/lorem word count/);
    expect(() => LlmSim.sequence(['ok', 3 as unknown as string])).toThrow(/sequence\[1\]/);
    expect(() => LlmSim.fixed('x').withToolCalls([{ name: '' }])).toThrow(ValidationError);
    expect(() => LlmSim.fixed('x').withToolCalls([toolCall('t', {}, '')])).toThrow(/withToolCalls\[0\]/);
    expect(() => LlmSim.fixed('x').withResponseDelay(-5)).toThrow(ValidationError);
    expect(() => LlmSim.fixed('x').failOnCall(0)).toThrow(/failCalls\[0\]/);
    expect(() => LlmSim.fixed('x').failOnCall(1, 'nope' as SimErrorKind)).toThrow(/injected failure kind/);
    expect(() => SimTurn.error('bogus' as SimErrorKind)).toThrow(ValidationError);
    expect(() => LlmSim.scripted([{ type: 'speak' } as unknown as SimTurn])).toThrow(/scripted turns\[0\]/);
    expect(() => LlmSim.scripted([SimTurn.assistant('a')], { onExhausted: 'stop' as 'loop' })).toThrow(/onExhausted/);
    expect(() => LlmSim.conditional([['only pattern'] as unknown as [string, string]], 'd')).toThrow(/conditional rules\[0\] response/);
  });

  it('accepts plain-data scripted turns, as from a JSON fixture', async () => {
    const turns = JSON.parse('[{"type":"mixed","text":"hi","toolCalls":[{"name":"t","arguments":{"a":1}}]},{"type":"error","error":{"kind":"timeout"}}]');
    const driver = LlmSim.scripted(turns);
    expect(textOf(await collect(driver))).toBe('hi');
    expect(errorOf(await collect(driver)).kind).toBe('timeout');
  });

  it('rejects contradictory settings with a ConfigurationError', () => {
    expect(() => LlmSim.scripted([])).toThrow(ConfigurationError);
    expect(() => LlmSim.scripted([SimTurn.assistant('a')]).withToolCalls([toolCall('t')])).toThrow(ConfigurationError);
    expect(() => LlmSim.fixed('a').withOnExhausted('loop')).toThrow(ConfigurationError);
  });

  it('a rejected modifier leaves the original config usable and unchanged', async () => {
    const config = LlmSimConfig.fixed('kept');
    expect(() => config.withResponseId('')).toThrow(ValidationError);
    expect(config.settings.responseId).toBeUndefined();
    expect(textOf(await collect(new LlmSimDriver(config)))).toBe('kept');
    const driver = LlmSim.fixed('kept too');
    expect(() => driver.withLatency(-1)).toThrow(ValidationError);
    expect(textOf(await collect(driver))).toBe('kept too');
  });
});
