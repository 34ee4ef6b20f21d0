/**
 * Full runtime turns on PostgreSQL (every store, the session leases and the
 * PostgreSQL event bus; files in memory), against a real server
 * (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 * Run: `pnpm bench` (after bench/run.ts) or
 * `node --conditions=@org/source --import tsx bench/runtime-turns.ts`.
 * BENCH_QUICK=1 shortens every phase.
 *
 * A turn: one user message, the simulated model (zero latency) calls one
 * tool, sees its result, answers. Reports the round trips and commits per
 * turn (by statement), turns/s with 1 and 8 concurrent sessions, and the
 * server's own one-row-insert commit rate from pgbench at 8 clients in the
 * same run, with the goal: turns/s at 8 sessions ≥ half of (pgbench commits/s
 * ÷ commits per turn).
 */
import { Runtime, type RuntimeBackends, type SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { benchBackends, DATABASE_URL, dropBenchSchema } from './bench-backends.js';
import { cpus } from 'node:os';
import { nodeInsertTps, pgbenchInsertTps } from './pgbench.js';

const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const PHASE_MS = QUICK ? 1500 : 5000;
const WARM_UP_MS = QUICK ? 300 : 1500;
const POOL_SIZE = 16;
const PIPELINED_CONNECTIONS = Number(process.env.BENCH_PIPELINE ?? 2);
const APPLICATION_NAME = 'runtime-turns-bench';
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** Every statement sent, by label (the prepared statement's name, or the first words of its text). */
const sent = new Map<string, number>();
let sentTotal = 0;
/** Statements that write (and so commit to the WAL); reads and NOTIFY-only selects do not. */
let writes = 0;

function labelOf(query: unknown): { label: string; writes: boolean } {
  const config = (typeof query === 'string' ? { text: query } : (query ?? {})) as { name?: string; text?: string };
  const text = config.text ?? '';
  const label = config.name ? config.name.replace(/^sp_[0-9a-f]+_/, '') : text.trim().split(/\s+/).slice(0, 2).join(' ');
  return { label, writes: /\b(INSERT|UPDATE|DELETE)\b/i.test(text) };
}

class CountingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const { label, writes: isWrite } = labelOf(args[0]);
    sent.set(label, (sent.get(label) ?? 0) + 1);
    sentTotal += 1;
    if (isWrite) writes += 1;
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

function snapshot() {
  return { total: sentTotal, writes, byLabel: new Map(sent) };
}

function since(before: ReturnType<typeof snapshot>) {
  const byLabel: Record<string, number> = {};
  for (const [label, count] of sent) {
    const delta = count - (before.byLabel.get(label) ?? 0);
    if (delta > 0) byLabel[label] = delta;
  }
  return { total: sentTotal - before.total, writes: writes - before.writes, byLabel };
}

/**
 * CPU seconds used so far by this pool's server processes (read from
 * /proc/<pid>/stat, so only when the server runs on this machine), by pid.
 */
async function serverCpu(admin: pg.Client): Promise<Map<number, number> | undefined> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APPLICATION_NAME]);
  const usage = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      usage.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    }
  } catch {
    return undefined;
  }
  return usage;
}

function cpuBetween(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let seconds = 0;
  for (const [pid, used] of after) seconds += used - (before.get(pid) ?? 0);
  return seconds;
}

/** One runtime per session (each with its own scripted model), all on the same backends. */
async function sessionRuntime(backends: RuntimeBackends): Promise<{ runtime: Runtime; sessionId: SessionId }> {
  const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('2 + 3 = 5')], { onExhausted: 'loop' });
  const runtime = await Runtime.builder()
    .backends(backends)
    .driver(sim, { defaultModel: llmsimModel() })
    .singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math'))
    .build();
  return { runtime, sessionId: runtime.defaultSessionId as SessionId };
}

async function runTurn(runtime: Runtime, sessionId: SessionId): Promise<void> {
  const result = await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
  if (!result.success || result.toolCallCount !== 1) throw new Error(`a benchmark turn failed: ${JSON.stringify(result)}`);
}

async function throughput(backends: RuntimeBackends, admin: pg.Client, sessions: number) {
  const runtimes = await Promise.all(Array.from({ length: sessions }, () => sessionRuntime(backends)));
  // Warm up for a while: prepare every statement on the connections and let the JIT settle, so that the
  // phases of one run compare fairly (a phase measured first would otherwise also pay for compilation).
  const warmUntil = Date.now() + WARM_UP_MS;
  await Promise.all(
    runtimes.map(async ({ runtime, sessionId }) => {
      do await runTurn(runtime, sessionId);
      while (Date.now() < warmUntil);
    }),
  );
  let turns = 0;
  const before = snapshot();
  const serverBefore = await serverCpu(admin);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = Date.now() + PHASE_MS;
  await Promise.all(
    runtimes.map(async ({ runtime, sessionId }) => {
      while (Date.now() < deadline) {
        await runTurn(runtime, sessionId);
        turns += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverSeconds = cpuBetween(serverBefore, await serverCpu(admin));
  const counted = since(before);
  return {
    turnsPerSecond: turns / seconds,
    roundTripsPerTurn: counted.total / turns,
    writesPerTurn: counted.writes / turns,
    /** Share of one core this process used: near 100% means the client, not the server, is the limit. */
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
    clientCpuMsPerTurn: (cpu.user + cpu.system) / 1000 / turns,
    serverCpuMsPerTurn: serverSeconds === undefined ? undefined : (serverSeconds * 1000) / turns,
  };
}

async function main(): Promise<void> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: POOL_SIZE, Client: CountingClient, application_name: APPLICATION_NAME });
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  pool.on('error', () => {});
  // The default: every statement on a pooled connection.
  const { backends: postgres, schema } = await benchBackends({ pool });
  // The same stores with short statements on pipelined connections (`pipeline` option), for comparison.
  const { backends: pipelined } = await benchBackends({ pool, pipeline: PIPELINED_CONNECTIONS, schema });
  const runtimeBackends = ({ context: _context, close: _close, ...stores }: typeof postgres): RuntimeBackends => ({
    ...memoryBackends(),
    ...stores,
    files: new MemorySessionFileSystem(),
  });
  const backends = runtimeBackends(postgres);
  try {
    console.log(
      `runtime turns on PostgreSQL (${QUICK ? 'quick' : 'full'}), ${postgres.context.address}, schema ${schema}, pool ${POOL_SIZE}`,
    );
    console.log('a turn = user message -> model calls one tool -> tool result -> model answers (llmsim, zero latency)\n');

    // 1. Round trips of one warm turn, by statement.
    const { runtime, sessionId } = await sessionRuntime(backends);
    await runTurn(runtime, sessionId);
    const before = snapshot();
    await runTurn(runtime, sessionId);
    const one = since(before);
    console.log(`one turn: ${one.total} round trips, ${one.writes} of them commits (writing statements)`);
    for (const [label, count] of Object.entries(one.byLabel).sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(3)}  ${label}`);
    // The lease reports the session head, so a turn must not read it on its own.
    const headReads = one.byLabel.history_last_sequence ?? 0;
    console.log(`check: history_last_sequence per turn = ${headReads} (the lease reports the head): ${headReads === 0 ? 'ok' : 'FAILED'}`);

    // 2. Throughput.
    const results: Record<number, Awaited<ReturnType<typeof throughput>>> = {};
    let pipelinedEight: Awaited<ReturnType<typeof throughput>> | undefined;
    const phases = [
      { sessions: 1, backends, label: '' },
      { sessions: 8, backends, label: '' },
      { sessions: 8, backends: runtimeBackends(pipelined), label: ` with pipeline: ${PIPELINED_CONNECTIONS} (short statements on ${PIPELINED_CONNECTIONS} shared connections)` },
    ];
    for (const phase of phases) {
      const stats = await throughput(phase.backends, admin, phase.sessions);
      if (!phase.label) results[phase.sessions] = stats;
      else pipelinedEight = stats;
      const server = stats.serverCpuMsPerTurn === undefined ? 'server CPU not measured (remote server)' : `server backends ${stats.serverCpuMsPerTurn.toFixed(2)} ms`;
      console.log(
        `\n${phase.sessions} session(s)${phase.label}: ${stats.turnsPerSecond.toFixed(0)} turns/s, ${stats.roundTripsPerTurn.toFixed(2)} round trips/turn, ` +
          `${stats.writesPerTurn.toFixed(2)} commits/turn, client CPU ${stats.clientCpuPercent.toFixed(0)}% of a core; ` +
          `CPU per turn: client ${stats.clientCpuMsPerTurn.toFixed(2)} ms, ${server}`,
      );
    }

    // 3. The server's limit, measured now, for the same number of clients.
    const tps = await pgbenchInsertTps(DATABASE_URL, schema, PHASE_MS / 1000);
    if (tps === undefined) {
      console.log('\npgbench not found: server limit not measured');
      return;
    }
    // The server's limit in turns/s at a phase's commits per turn, and the share of it a phase reached.
    const limitAt = (commitsPerTurn: number) => tps / commitsPerTurn;
    const percentOfLimit = (stats: { turnsPerSecond: number; writesPerTurn: number }) => (stats.turnsPerSecond / limitAt(stats.writesPerTurn)) * 100;
    const eight = results[8] ?? { turnsPerSecond: 0, writesPerTurn: one.writes };
    const limit = limitAt(eight.writesPerTurn);
    console.log(`\npgbench one-row INSERT, 8 clients: ${tps.toFixed(0)} commits/s`);
    console.log(
      `server limit at ${eight.writesPerTurn.toFixed(2)} commits/turn: ${limit.toFixed(0)} turns/s; measured with 8 sessions: ${eight.turnsPerSecond.toFixed(0)} turns/s ` +
        `= ${percentOfLimit(eight).toFixed(0)}% of it (goal ≥ 50%: ${eight.turnsPerSecond >= limit / 2 ? 'met' : 'missed'})`,
    );
    if (pipelinedEight) {
      console.log(
        `with pipeline: ${PIPELINED_CONNECTIONS}: ${pipelinedEight.turnsPerSecond.toFixed(0)} turns/s = ${percentOfLimit(pipelinedEight).toFixed(0)}% of the limit`,
      );
    }
    // Where the gap comes from: the client library, or the work per turn?
    const node = await nodeInsertTps(pool, schema, PHASE_MS / 1000);
    console.log(`the same INSERT from this process (pg, 8 concurrent loops): ${node.toFixed(0)} commits/s = ${((node / tps) * 100).toFixed(0)}% of pgbench`);
    const measured = results[8];
    if (measured?.serverCpuMsPerTurn !== undefined) {
      const used = measured.clientCpuMsPerTurn + measured.serverCpuMsPerTurn;
      const budget = (cpus().length * 1000) / (limit / 2);
      console.log(
        `CPU per turn at 8 sessions: ${used.toFixed(2)} ms (client + server backends); half the limit on ${cpus().length} cores allows at most ${budget.toFixed(2)} ms`,
      );
    }
  } finally {
    await admin.end();
    await postgres.close();
    await pipelined.close();
    await pool.end();
    await dropBenchSchema(schema);
  }
}

await main();
