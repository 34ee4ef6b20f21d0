import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE, LlmSim, LlmSimDriver, SimTurn, SCRIPT_EXHAUSTED_MESSAGE, toolCall } from '../src/index.js';
import { assistant, collect, errorOf, system, textOf, texts, toolCallsOf, user } from './support.js';

describe('text response modes', () => {
  it('answers the default text without a config', async () => {
    expect(textOf(await collect(new LlmSimDriver()))).toBe(DEFAULT_RESPONSE);
  });

  it('fixed answers the same text on every call', async () => {
    expect(await texts(LlmSim.fixed('Always this.'), 3)).toEqual(['Always this.', 'Always this.', 'Always this.']);
  });

  it('echo repeats the last user message, not a later assistant one', async () => {
    const driver = LlmSim.echo();
    const messages = [system('be brief'), user('first'), assistant('reply'), user('second question'), assistant('partial')];
    expect(textOf(await collect(driver, messages))).toBe('Echo: second question');
  });

  it('echo joins the text parts of a multi-part user message and answers "Echo: " with no user message', async () => {
    const driver = LlmSim.echo();
    const parts = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'a' }, { type: 'image' as const, url: 'x' }, { type: 'text' as const, text: 'b' }] }];
    expect(textOf(await collect(driver, parts))).toBe('Echo: ab');
    expect(textOf(await collect(driver, [system('only system')]))).toBe('Echo: ');
  });

  it('lorem answers exactly n words of lorem ipsum', async () => {
    const text = textOf(await collect(LlmSim.lorem(30)));
    expect(text.split(' ')).toHaveLength(30);
    expect(text.startsWith('Lorem ipsum dolor sit amet')).toBe(true);
    expect(textOf(await collect(LlmSim.lorem(0)))).toBe('');
  });

  it('sequence answers one item per call and cycles', async () => {
    const driver = LlmSim.sequence(['one', 'two', 'three']);
    expect(await texts(driver, 7)).toEqual(['one', 'two', 'three', 'one', 'two', 'three', 'one']);
  });

  it('an empty sequence answers "" on every call, with no text deltas', async () => {
    const driver = LlmSim.sequence([]);
    const events = await collect(driver);
    expect(events.map((event) => event.type)).toEqual(['done']);
    expect(await texts(driver, 2)).toEqual(['', '']);
  });

  it('conditional picks the first rule whose pattern is in the last user message, else the default', async () => {
    const driver = LlmSim.conditional(
      [
        ['weather', 'It is sunny.'],
        ['time', 'It is noon.'],
        ['weather or time', 'never reached'],
      ],
      'I do not know.',
    );
    expect(textOf(await collect(driver, [user('what time is it?')]))).toBe('It is noon.');
    expect(textOf(await collect(driver, [user('weather or time?')]))).toBe('It is sunny.');
    // Only the last user message counts, and matching is case-sensitive.
    expect(textOf(await collect(driver, [user('weather'), assistant('ok'), user('Weather?')]))).toBe('I do not know.');
  });
});

describe('scripted mode', () => {
  const script = () => [SimTurn.assistant('first'), SimTurn.mixed('second', [toolCall('lookup', { q: 1 })]), SimTurn.assistant('third')];

  it('plays one turn per call in order', async () => {
    const driver = LlmSim.scripted(script());
    const first = await collect(driver);
    const second = await collect(driver);
    expect(textOf(first)).toBe('first');
    expect(toolCallsOf(first)).toEqual([]);
    expect(textOf(second)).toBe('second');
    expect(toolCallsOf(second)).toEqual([{ id: 'call_llmsim_1_0', name: 'lookup', arguments: { q: 1 } }]);
    expect(textOf(await collect(driver))).toBe('third');
  });

  it('repeats the last turn after the end by default (repeat_last)', async () => {
    const driver = LlmSim.scripted(script());
    expect(await texts(driver, 5)).toEqual(['first', 'second', 'third', 'third', 'third']);
  });

  it('starts over from the first turn with loop', async () => {
    const driver = LlmSim.scripted(script(), { onExhausted: 'loop' });
    expect(await texts(driver, 5)).toEqual(['first', 'second', 'third', 'first', 'second']);
  });

  it('fails permanently with "llmsim scripted config exhausted" with error', async () => {
    const driver = LlmSim.scripted([SimTurn.assistant('only')]).withOnExhausted('error');
    expect(textOf(await collect(driver))).toBe('only');
    for (let call = 0; call < 2; call++) {
      const events = await collect(driver);
      expect(events.map((event) => event.type)).toEqual(['error']);
      expect(errorOf(events).message).toBe(SCRIPT_EXHAUSTED_MESSAGE);
      expect(errorOf(events).retryable).toBe(false);
    }
  });

  it('a tool_calls turn yields no text, then the calls, with finish reason tool_calls', async () => {
    const driver = LlmSim.scripted([SimTurn.toolCalls([toolCall('multiply', { a: 6, b: 7 }, 'call_mul_1')])]);
    const events = await collect(driver);
    expect(events.map((event) => event.type)).toEqual(['tool-calls', 'done']);
    expect(toolCallsOf(events)).toEqual([{ id: 'call_mul_1', name: 'multiply', arguments: { a: 6, b: 7 } }]);
  });
});

describe('tool calls in text modes', () => {
  it('withToolCalls returns the same calls alongside the text on every call', async () => {
    const driver = LlmSim.fixed('Calling.').withToolCalls([toolCall('now', {}, 'call_now')]);
    for (let call = 0; call < 2; call++) {
      const events = await collect(driver);
      expect(textOf(events)).toBe('Calling.');
      expect(toolCallsOf(events)).toEqual([{ id: 'call_now', name: 'now', arguments: {} }]);
    }
  });

  it('withToolCallSequence cycles with a counter independent of the text sequence; an empty entry means no calls', async () => {
    const driver = LlmSim.sequence(['a', 'b', 'c']).withToolCallSequence([[toolCall('multiply', { a: 6, b: 7 }, 'call_mul_1')], []]);
    const calls = [];
    for (let call = 0; call < 4; call++) {
      const events = await collect(driver);
      calls.push([textOf(events), toolCallsOf(events).map((c) => c.id)]);
    }
    expect(calls).toEqual([
      ['a', ['call_mul_1']],
      ['b', []],
      ['c', ['call_mul_1']],
      ['a', []],
    ]);
  });

  it('the SPEC tool-loop set-up: fixed text with a [[multiply], []] tool-call sequence', async () => {
    const driver = LlmSim.fixed('Let me calculate that.').withToolCallSequence([[toolCall('multiply', { a: 6, b: 7 }, 'call_mul_1')], []]);
    const first = await collect(driver);
    const second = await collect(driver);
    expect([textOf(first), textOf(second)]).toEqual(['Let me calculate that.', 'Let me calculate that.']);
    expect(toolCallsOf(first).map((call) => call.id)).toEqual(['call_mul_1']);
    expect(second.some((event) => event.type === 'tool-calls')).toBe(false);
  });

  it('assigns call_llmsim_{turnIndex}_{callIndex} ids to calls without one', async () => {
    const driver = LlmSim.fixed('').withToolCalls([toolCall('a'), toolCall('b', { x: 1 }, 'mine'), toolCall('c')]);
    await collect(driver);
    await collect(driver);
    expect(toolCallsOf(await collect(driver)).map((call) => call.id)).toEqual(['call_llmsim_2_0', 'mine', 'call_llmsim_2_2']);
  });

  it('hands out frozen arguments, so neither a consumer nor the script author can change the script', async () => {
    const args = { n: 1, nested: { m: 2 } };
    const driver = LlmSim.fixed('').withToolCalls([toolCall('a', args)]);
    args.n = 5;
    const first = toolCallsOf(await collect(driver));
    expect(() => {
      (first[0]!.arguments as { n: number }).n = 99;
    }).toThrow(TypeError);
    expect(() => {
      (first[0]!.arguments as { nested: { m: number } }).nested.m = 99;
    }).toThrow(TypeError);
    expect(toolCallsOf(await collect(driver))[0]!.arguments).toEqual({ n: 1, nested: { m: 2 } });
  });
});
