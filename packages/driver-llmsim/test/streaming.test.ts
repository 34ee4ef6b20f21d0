import { describe, expect, it } from 'vitest';
import type { LlmMessage } from '@org/core';
import { estimatePromptTokens, estimateTokens, LlmSim, splitIntoChunks, toolCall } from '../src/index.js';
import { assistant, callConfig, collect, doneOf, system, textOf, user } from './support.js';

describe('chunking', () => {
  const samples = [
    'Hello world',
    '  leading and trailing spaces  ',
    'line one\nline two\n\n\ttabbed',
    'supercalifragilisticexpialidocious antidisestablishmentarianism',
    'emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀 and accents éèêëéèêëéèêëéèêë',
    '   ',
    'x',
  ];

  it.each(samples)('chunks of %j join to the text exactly', (text) => {
    const chunks = splitIntoChunks(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
  });

  it('splits into word pieces, cutting long words', () => {
    expect(splitIntoChunks('The quick brown fox')).toEqual(['The', ' quick', ' brown', ' fox']);
    const long = splitIntoChunks('a'.repeat(30));
    expect(long.length).toBeGreaterThan(1);
    expect(long.every((piece) => piece.length <= 12)).toBe(true);
  });

  it('never cuts a surrogate pair in half', () => {
    for (const chunk of splitIntoChunks('😀'.repeat(20))) expect(chunk).toMatch(/^(?:😀)+$/u);
  });

  it('yields no chunks for empty text', () => {
    expect(splitIntoChunks('')).toEqual([]);
  });

  it('the driver streams the chunks as text deltas that join to the full response', async () => {
    const text = 'Streaming a somewhat longer answer, with punctuation; and a verylongwordthatneedscutting too.';
    const events = await collect(LlmSim.fixed(text));
    const deltas = events.filter((event) => event.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(textOf(events)).toBe(text);
  });
});

describe('event order', () => {
  it('streams the README example exactly', async () => {
    const events = await collect(LlmSim.echo().withResponseId('resp_1'), [user('hi')]);
    expect(events).toEqual([
      { type: 'text-delta', text: 'Echo:' },
      { type: 'text-delta', text: ' hi' },
      {
        type: 'done',
        metadata: { promptTokens: 1, completionTokens: 2, totalTokens: 3, model: 'llmsim-model', finishReason: 'stop', responseId: 'resp_1' },
      },
    ]);
  });

  it('text deltas, then one tool-calls event, then done', async () => {
    const driver = LlmSim.fixed('two words').withToolCalls([toolCall('a'), toolCall('b')]);
    const types = (await collect(driver)).map((event) => event.type);
    expect(types).toEqual(['text-delta', 'text-delta', 'tool-calls', 'done']);
  });

  it('no tool-calls event when there are none', async () => {
    const types = (await collect(LlmSim.fixed('hi'))).map((event) => event.type);
    expect(types).toEqual(['text-delta', 'done']);
  });

  it('does not mutate the messages it is given', async () => {
    const messages = [user('hello'), assistant('there')];
    const before = structuredClone(messages);
    await collect(LlmSim.echo().withMessageCapture(), messages);
    expect(messages).toEqual(before);
  });
});

describe('done metadata and token estimation', () => {
  it('estimates a text as max(1, floor(length / 4)) tokens', () => {
    expect(estimateTokens('')).toBe(1);
    expect(estimateTokens('abc')).toBe(1);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('a'.repeat(43))).toBe(10);
  });

  it('sums the prompt estimate over every message, each counting at least 1', () => {
    const messages = [system('a'.repeat(40)), user(''), assistant('a'.repeat(9)), { role: 'tool' as const, content: 'ok', toolCallId: 'c1' }];
    expect(estimatePromptTokens(messages)).toBe(10 + 1 + 2 + 1);
  });

  it('gives the same estimate when a conversation grows, is cut back or changes in the middle (the running totals are reused)', () => {
    const naive = (list: readonly LlmMessage[]) => list.reduce((sum, m) => sum + estimateTokens(typeof m.content === 'string' ? m.content : ''), 0);
    const head = system('s'.repeat(40));
    const grown = [head, user('a'.repeat(8)), assistant('b'.repeat(12))];
    expect(estimatePromptTokens(grown)).toBe(naive(grown));
    const longer = [...grown, user('c'.repeat(20)), assistant('d'.repeat(4))];
    expect(estimatePromptTokens(longer)).toBe(naive(longer));
    const shorter = longer.slice(0, 2);
    expect(estimatePromptTokens(shorter)).toBe(naive(shorter));
    const edited = [head, user('x'.repeat(400)), ...longer.slice(2)];
    expect(estimatePromptTokens(edited)).toBe(naive(edited));
    expect(estimatePromptTokens(longer)).toBe(naive(longer));
    // One append-only array handed out again after growing (as the runtime does).
    const growing = [system('g'.repeat(80)), user('h'.repeat(8))];
    expect(estimatePromptTokens(growing)).toBe(naive(growing));
    growing.push(assistant('i'.repeat(40)), user('j'.repeat(12)));
    expect(estimatePromptTokens(growing)).toBe(naive(growing));
  });

  it('reports prompt, completion and total tokens, the request model and the stop reason', async () => {
    const messages = [system('x'.repeat(20)), user('y'.repeat(12))];
    const response = 'z'.repeat(50);
    const done = doneOf(await collect(LlmSim.fixed(response), messages, callConfig({ model: 'requested-model' })));
    expect(done).toEqual({ promptTokens: 5 + 3, completionTokens: 12, totalTokens: 20, model: 'requested-model', finishReason: 'stop' });
  });

  it('counts a text-less tool-call answer as 1 completion token with finish reason tool_calls', async () => {
    const done = doneOf(await collect(LlmSim.fixed('').withToolCalls([toolCall('now')]), [user('abcd')]));
    expect(done).toMatchObject({ promptTokens: 1, completionTokens: 1, totalTokens: 2, finishReason: 'tool_calls' });
  });

  it('uses the request model, not the simulated model name', async () => {
    const driver = LlmSim.fixed('hi').withModel('sim-name');
    expect(doneOf(await collect(driver, [user('q')], callConfig({ model: 'from-request' }))).model).toBe('from-request');
  });

  it('carries the configured response id on every call, and none by default', async () => {
    const withId = LlmSim.fixed('hi').withResponseId('resp_123');
    expect(doneOf(await collect(withId)).responseId).toBe('resp_123');
    expect(doneOf(await collect(withId)).responseId).toBe('resp_123');
    expect(doneOf(await collect(LlmSim.fixed('hi')))).not.toHaveProperty('responseId');
  });

  it('withUsage replaces the estimates and recomputes the total', async () => {
    const driver = LlmSim.fixed('hello there').withUsage({ promptTokens: 100 });
    expect(doneOf(await collect(driver, [user('q')]))).toMatchObject({ promptTokens: 100, completionTokens: 2, totalTokens: 102 });
  });
});
