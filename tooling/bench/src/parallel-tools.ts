/**
 * Parallel tool execution: one reason step asks for 10 tool calls that each
 * wait 50 ms. Run in parallel they should take about one wait, not ten.
 *
 * Run: pnpm --filter @org/bench bench
 */
import { defineCapability, defineTool, Runtime, type SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { memoryBackends } from '@org/store-memory';
import { z } from 'zod';

const WAIT_MS = 50;
const CALLS = 10;
const sleepy = defineCapability({
  id: 'sleepy',
  name: 'Sleepy',
  tools: [
    defineTool({
      name: 'wait',
      description: `waits ${WAIT_MS} ms`,
      parameters: z.object({ n: z.number() }),
      execute: async ({ n }) => {
        await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
        return { n };
      },
    }),
  ],
});

async function actMs(options: { toolConcurrency?: number }): Promise<number> {
  const calls = Array.from({ length: CALLS }, (_, i) => toolCall('wait', { n: i }, `c${i}`));
  const sim = LlmSim.scripted([SimTurn.toolCalls(calls), SimTurn.assistant('done')], { onExhausted: 'loop' });
  const runtime = await Runtime.builder()
    .backends(memoryBackends())
    .driver(sim, { defaultModel: llmsimModel() })
    .capability(sleepy)
    .options(options.toolConcurrency ? { toolConcurrency: options.toolConcurrency } : {})
    .singleSession((s) => s.harness('h', '').harnessCapability('sleepy'))
    .build();
  const sessionId = runtime.defaultSessionId as SessionId;
  const result = await runtime.runTextTurn(sessionId, 'go');
  if (result.toolCallCount !== CALLS) throw new Error(`expected ${CALLS} tool calls, got ${result.toolCallCount}`);
  const events = await runtime.events(sessionId);
  const act = events.find((e) => e.type === 'act.completed');
  return act?.type === 'act.completed' ? (act.data.durationMs ?? Number.NaN) : Number.NaN;
}

const rows = [];
for (const [label, options] of [
  ['parallel (default cap 10)', {}],
  ['cap 5', { toolConcurrency: 5 }],
  ['cap 1 (sequential)', { toolConcurrency: 1 }],
] as const) {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await actMs(options));
  runs.sort((a, b) => a - b);
  rows.push({ mode: label, 'median act ms': (runs[2] as number).toFixed(1), 'in waits of 50 ms': ((runs[2] as number) / WAIT_MS).toFixed(2) });
}
console.log(`\nParallel tool execution: ${CALLS} calls of a tool that waits ${WAIT_MS} ms, in one act step (median of 5)`);
console.table(rows);
