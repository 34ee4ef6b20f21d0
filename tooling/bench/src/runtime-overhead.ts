/**
 * The runtime's own overhead per turn: memory backends, the simulator at zero
 * latency, one tool call per turn (2 reason steps + 1 act). Measured with
 * 1, 100 and 1,000 prior turns of history, plus heap per 1,000 stored turns.
 *
 * Run: pnpm bench (builds the packages, then runs against their dist; BENCH_QUICK=1 for a short run)
 */
import { Runtime, type SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { memoryBackends } from '@org/store-memory';

const quick = process.env.BENCH_QUICK === '1';
const measuredTurns = quick ? 100 : 500;

async function makeRuntime() {
  const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('The sum is 5.')], { onExhausted: 'loop' });
  return Runtime.builder()
    .backends(memoryBackends())
    .driver(sim, { defaultModel: llmsimModel() })
    .singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math'))
    .build();
}

async function runTurns(runtime: Runtime, sessionId: SessionId, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const result = await runtime.runTextTurn(sessionId, `What is 2 + 3? (#${i})`);
    times.push(performance.now() - start);
    if (!result.success || result.toolCallCount !== 1) throw new Error(`unexpected turn result: ${JSON.stringify(result)}`);
  }
  return times;
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 1000;
  const mean = (times.reduce((a, b) => a + b, 0) / times.length) * 1000;
  return { mean, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

const rows: Record<string, string | number>[] = [];
for (const prior of [1, 100, 1000]) {
  const runtime = await makeRuntime();
  const sessionId = runtime.defaultSessionId as SessionId;
  await runTurns(runtime, sessionId, prior);
  await runTurns(runtime, sessionId, 20); // warm-up at this history size
  gc();
  const cpu = process.cpuUsage();
  const s = stats(await runTurns(runtime, sessionId, measuredTurns));
  const used = process.cpuUsage(cpu);
  rows.push({
    'prior turns': prior,
    'mean µs/turn': s.mean.toFixed(1),
    'p50 µs': s.p50.toFixed(1),
    'p90 µs': s.p90.toFixed(1),
    'p99 µs': s.p99.toFixed(1),
    'CPU µs/turn': ((used.user + used.system) / measuredTurns).toFixed(1),
  });
}
console.log(`\nload average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
console.log(`Runtime overhead per turn (memory backends, llmsim zero latency, 2 reason + 1 act; ${measuredTurns} turns measured)`);
console.table(rows);

{
  gc();
  const before = process.memoryUsage().heapUsed;
  const runtime = await makeRuntime();
  await runTurns(runtime, runtime.defaultSessionId as SessionId, 1000);
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(`Heap per 1,000 stored turns (events + messages + caches): ${((after - before) / 1024 / 1024).toFixed(1)} MiB`);
}
