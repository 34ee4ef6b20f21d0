import { DriverRegistry, type LlmMessage } from '@org/core';
import { describe, expect, it } from 'vitest';
import { CaptureLog, LlmSim, LlmSimConfig, LlmSimDriver, llmsimModel, registerLlmSim, SimTurn, toolCall } from '../src/index.js';
import { callConfig, collect, textOf, texts, user } from './support.js';

describe('registry integration', () => {
  it('llmsimModel resolves to the llmsim provider with a fake key', () => {
    expect(llmsimModel()).toEqual({ model: 'llmsim-model', provider: 'llmsim', apiKey: 'fake-key' });
    expect(llmsimModel('llmsim-ttft-20').model).toBe('llmsim-ttft-20');
  });

  it('registerLlmSim makes every created driver the one shared instance, so counters advance across sessions', async () => {
    const registry = new DriverRegistry();
    const shared = registerLlmSim(registry, LlmSim.sequence(['s1', 's2', 's3']));
    const sessionA = registry.create(llmsimModel()) as LlmSimDriver;
    const sessionB = registry.create(llmsimModel('other-model')) as LlmSimDriver;
    expect(sessionA).toBe(shared);
    expect(sessionB).toBe(shared);
    expect([textOf(await collect(sessionA)), textOf(await collect(sessionB)), textOf(await collect(sessionA))]).toEqual(['s1', 's2', 's3']);
    expect(shared.callCount).toBe(3);
  });

  it('needs no API key', () => {
    const registry = new DriverRegistry();
    registerLlmSim(registry);
    expect(registry.create({ model: 'llmsim-model', provider: 'llmsim' }).provider).toBe('llmsim');
  });

  it('counts calls in the order stream is called, even when consumed out of order', async () => {
    const driver = LlmSim.sequence(['first', 'second']);
    const signal = new AbortController().signal;
    const early = driver.stream([user('a')], callConfig(), { signal });
    const late = driver.stream([user('b')], callConfig(), { signal });
    const read = async (stream: AsyncIterable<{ type: string; text?: string }>) => {
      let text = '';
      for await (const event of stream) text += event.text ?? '';
      return text;
    };
    expect(await read(late)).toBe('second');
    expect(await read(early)).toBe('first');
  });
});

describe('the LlmSim fluent API', () => {
  it('returns ready drivers of provider llmsim that a registry accepts as is', () => {
    const sim = LlmSim.fixed('Hello!');
    expect(sim).toBeInstanceOf(LlmSimDriver);
    expect([sim.specificationVersion, sim.provider]).toEqual(['v1', 'llmsim']);
    expect(LlmSim.from(LlmSimConfig.echo()).config.settings.response).toEqual({ type: 'echo' });
    expect(LlmSim.default().config.settings.response).toEqual(LlmSimConfig.default().settings.response);
  });

  it('a modifier returns a new driver with fresh counters and leaves the original as it was', async () => {
    const base = LlmSim.sequence(['a', 'b']);
    await collect(base);
    const delayed = base.withResponseId('resp_1');
    expect(delayed).not.toBe(base);
    expect(delayed.callCount).toBe(0);
    expect(base.callCount).toBe(1);
    expect(textOf(await collect(delayed))).toBe('a');
    expect(base.config.settings.responseId).toBeUndefined();
  });
});

describe('assertComplete and reset', () => {
  it('assertComplete names the unused scripted turns, then passes once they are used', async () => {
    const driver = LlmSim.scripted([SimTurn.assistant('one'), SimTurn.toolCalls([toolCall('multiply')]), SimTurn.error('timeout')]);
    await collect(driver);
    expect(() => driver.assertComplete()).toThrow(/scripted turns: 1 of 3 used; not used: #2 tool calls \[multiply\]; #3 error timeout/);
    await texts(driver, 2);
    expect(() => driver.assertComplete()).not.toThrow();
  });

  it('assertComplete covers sequences and tool-call sequences', async () => {
    const driver = LlmSim.sequence(['a', 'b']).withToolCallSequence([[], [], [toolCall('t')]]);
    await texts(driver, 2);
    expect(() => driver.assertComplete()).toThrow(/tool-call sequence: 2 of 3 entries used/);
    await texts(driver, 1);
    driver.assertComplete();
  });

  it('assertComplete has nothing to check for unscripted modes', () => {
    expect(() => LlmSim.echo().assertComplete()).not.toThrow();
  });

  it('reset rewinds every counter and clears captures', async () => {
    const driver = LlmSim.sequence(['a', 'b', 'c']).withEffortCapture();
    expect(await texts(driver, 2)).toEqual(['a', 'b']);
    driver.reset();
    expect(driver.callCount).toBe(0);
    expect(driver.capturedEfforts).toEqual([]);
    expect(await texts(driver, 1)).toEqual(['a']);
  });
});

describe('capture', () => {
  it('records the reasoning effort of every call', async () => {
    const driver = LlmSim.fixed('ok').withEffortCapture();
    await collect(driver, [user('q')], callConfig({ reasoningEffort: 'high' }));
    await collect(driver, [user('q')], callConfig());
    expect(driver.capturedEfforts).toEqual(['high', undefined]);
  });

  it('records a copy of the messages of every call into a log the caller keeps', async () => {
    const log = new CaptureLog<LlmMessage[]>();
    const driver = LlmSim.fixed('ok').withMessageCapture(log);
    const messages = [user('first')];
    await collect(driver, messages);
    messages.push(user('second'));
    await collect(driver, messages);
    expect(log.records.map((call) => call.length)).toEqual([1, 2]);
    expect(log.last?.[1]).toEqual(user('second'));
    expect(driver.capturedMessages).toEqual(log.records);
  });

  it('reading a capture that is off says how to turn it on', () => {
    const driver = LlmSim.fixed('ok');
    expect(() => driver.capturedEfforts).toThrow(/withEffortCapture/);
    expect(() => driver.capturedMessages).toThrow(/withMessageCapture/);
  });
});
