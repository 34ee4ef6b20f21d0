/**
 * The runtime's own overhead per turn: memory backends, the simulator at zero
 * latency, one tool call per turn (2 reason steps + 1 act). Measured with
 * 1, 100 and 1,000 prior turns of history, plus heap per 1,000 stored turns.
 *
 * Each configuration is warmed up first (3,000 turns on a throw-away runtime), so the rows are steady-state figures.
 * Each row pools the turns of 3 fresh sessions, so a few GC pauses landing early or late do not swing it.
 *
 * Run: pnpm bench (builds the packages, then runs against their dist; BENCH_QUICK=1 for a short run)
 */
import {
  type Event,
  type EventBus,
  type HistoryStore,
  type LlmDriver,
  type LlmStreamEvent,
  type Message,
  messageFromEvent,
  Runtime,
  type RuntimeBackends,
  type SessionId,
} from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { memoryBackends } from '@org/store-memory';

const quick = process.env.BENCH_QUICK === '1';
const measuredTurns = quick ? 100 : 500;
/** Fresh sessions measured per row (samples pooled). */
const repetitions = quick ? 1 : 3;

/**
 * For the "runtime alone" figure: a history that only keeps arrays (no validation, no freezing), a bus that
 * drops everything, and a driver that replays two precomputed answers. What remains is the runtime's own work.
 */
function bareHistory(): HistoryStore {
  const events = new Map<SessionId, Event[]>();
  const messages = new Map<SessionId, Message[]>();
  return {
    async append(sessionId, batch) {
      const log = events.get(sessionId) ?? [];
      const list = messages.get(sessionId) ?? [];
      for (const event of batch) {
        log.push(event);
        const message = messageFromEvent(event);
        if (message) list.push(message);
      }
      events.set(sessionId, log);
      messages.set(sessionId, list);
    },
    async readEvents(sessionId, options = {}) {
      return (events.get(sessionId) ?? []).slice(
        options.after ?? 0,
        options.limit === undefined ? undefined : (options.after ?? 0) + options.limit,
      );
    },
    async lastSequence(sessionId) {
      return events.get(sessionId)?.length ?? 0;
    },
    async messages(sessionId) {
      return [...(messages.get(sessionId) ?? [])];
    },
    async message(sessionId, id) {
      return messages.get(sessionId)?.find((m) => m.id === id);
    },
  };
}

const silentBus: EventBus = {
  publish: async () => {},
  subscribe: () => {
    throw new Error('not used');
  },
  close: async () => {},
};

function replayDriver(): LlmDriver {
  const answers: LlmStreamEvent[][] = [
    [
      {
        type: 'tool-calls',
        toolCalls: [{ id: 'c1', name: 'add', arguments: { a: 2, b: 3 } }],
      },
      { type: 'done', metadata: { promptTokens: 10, completionTokens: 5 } },
    ],
    [
      { type: 'text-delta', text: 'The sum is 5.' },
      { type: 'done', metadata: { promptTokens: 20, completionTokens: 5 } },
    ],
  ];
  let call = 0;
  return {
    specificationVersion: 'v1',
    provider: 'llmsim',
    async *stream() {
      yield* answers[call++ % 2] as LlmStreamEvent[];
    },
  };
}

async function makeRuntime(bare = false) {
  const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('The sum is 5.')], {
    onExhausted: 'loop',
  });
  const backends: RuntimeBackends = bare
    ? {
        ...memoryBackends(),
        history: bareHistory(),
        bus: silentBus,
        leases: undefined,
      }
    : memoryBackends();
  return Runtime.builder()
    .backends(backends)
    .driver(bare ? replayDriver() : sim, { defaultModel: llmsimModel() })
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

/**
 * Runs turns on a throw-away runtime until the JIT has optimised the hot paths: every row then measures the
 * steady state a long-running process is in, not the first few thousand calls' interpreter and baseline code.
 */
async function warmUp(bare: boolean) {
  const runtime = await makeRuntime(bare);
  await runTurns(runtime, runtime.defaultSessionId as SessionId, quick ? 500 : 3000);
}

async function measure(bare: boolean) {
  await warmUp(bare);
  const rows: Record<string, string | number>[] = [];
  for (const prior of [1, 100, 1000]) {
    // Several fresh sessions per row, their samples pooled: one 500-turn run sees only a few GC pauses, so its
    // figures swing with where those land.
    const times: number[] = [];
    let cpuMicros = 0;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const runtime = await makeRuntime(bare);
      const sessionId = runtime.defaultSessionId as SessionId;
      await runTurns(runtime, sessionId, prior);
      await runTurns(runtime, sessionId, 20); // warm-up at this history size
      gc();
      const cpu = process.cpuUsage();
      times.push(...(await runTurns(runtime, sessionId, measuredTurns)));
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
    }
    const s = stats(times);
    rows.push({
      'prior turns': prior,
      'mean µs/turn': s.mean.toFixed(1),
      'p50 µs': s.p50.toFixed(1),
      'p90 µs': s.p90.toFixed(1),
      'p99 µs': s.p99.toFixed(1),
      'CPU µs/turn': (cpuMicros / times.length).toFixed(1),
    });
  }
  return rows;
}

// Heap first, before the other runs leave garbage behind.
let heapLine = '';
{
  gc();
  const before = process.memoryUsage().heapUsed;
  const runtime = await makeRuntime();
  const sessionId = runtime.defaultSessionId as SessionId;
  await runTurns(runtime, sessionId, 1000);
  gc();
  const after = process.memoryUsage().heapUsed;
  // Read the session after measuring, so the runtime and its stores are certainly still alive when the heap is read.
  const stored = (await runtime.events(sessionId)).length;
  heapLine = `Heap per 1,000 stored turns (events + messages + caches; ${stored} events kept): ${((after - before) / 1024 / 1024).toFixed(1)} MiB`;
}

const rows = await measure(false);
console.log(
  `\nload average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
);
console.log(
  `Runtime overhead per turn (memory backends, llmsim zero latency, 2 reason + 1 act; ${repetitions} sessions × ${measuredTurns} turns measured per row)`,
);
console.table(rows);
console.log('The runtime alone (a bare array history, no bus, a replaying driver): what the runtime itself adds per turn');
console.table(await measure(true));
console.log(heapLine);
