import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRuntime } from '../src/demo-runtime.js';
import { runScenario } from '../src/scenario.js';
import { citiesIn } from '../src/scenario-script.js';
import { startTestDemo } from './helpers.js';
import { expectScenarioPlayedOut } from './scenario-assertions.js';

describe('the scripted scenario on embedded defaults', () => {
  let demo: DemoRuntime;
  beforeAll(async () => {
    demo = await startTestDemo();
  });
  afterAll(async () => {
    await demo.close();
  });

  it('calls two tools in parallel, writes and reads back a report, and streams a summary', async () => {
    const run = await runScenario(demo);
    await expectScenarioPlayedOut(demo, run);
  });

  it('plays the whole script again on the next message, in the same session', async () => {
    const first = await runScenario(demo, { prompt: 'Weather in Lisbon and Oslo, please.' });
    const second = await demo.runtime.runTextTurn(first.session.id, 'And now Nairobi and Reykjavik?');
    expect(second.success).toBe(true);
    expect(second.toolCallCount).toBe(4);
    expect(second.response).toMatch(/Nairobi[\s\S]*Reykjavik/);
    expect(first.result.response).toMatch(/Lisbon[\s\S]*Oslo/);
  });
});

describe('citiesIn', () => {
  it('takes the first two capitalised place names and falls back to Paris and Tokyo', () => {
    expect(citiesIn("What's the weather in New York and Lagos?")).toEqual(['New York', 'Lagos']);
    expect(citiesIn('hello there')).toEqual(['Paris', 'Tokyo']);
    expect(citiesIn('How about Tokyo?')).toEqual(['Tokyo', 'Paris']);
    expect(citiesIn('Compare the weather in Lisbon and Oslo and write it down.')).toEqual(['Lisbon', 'Oslo']);
  });
});
