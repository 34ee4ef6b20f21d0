import { bench, describe } from 'vitest';
import { LlmSim, type LlmSimDriver, toolCall } from '../src/index.js';

const messages = [
  { role: 'system' as const, content: 'You are a helpful assistant.' },
  { role: 'user' as const, content: 'Tell me something long.' },
];
const config = { model: 'llmsim-model', tools: [], metadata: {} };
const signal = new AbortController().signal;

async function drain(driver: LlmSimDriver): Promise<void> {
  for await (const _event of driver.stream(messages, config, { signal })) {
    // consume every event, as the reason atom would
  }
}

describe('llmsim stream overhead (no simulated latency)', () => {
  const short = LlmSim.fixed('Done.');
  const long = LlmSim.lorem(200);
  const withTools = LlmSim.fixed('Let me calculate that.').withToolCallSequence([[toolCall('multiply', { a: 6, b: 7 })], []]);

  bench('one-word answer', () => drain(short));
  bench('200-word answer', () => drain(long));
  bench('answer with a tool-call sequence', () => drain(withTools));
});
