/**
 * Full runtime turns on PostgreSQL (every store, the session leases and the
 * PostgreSQL event bus; files in memory), against a real server
 * (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 * Run: `pnpm bench` (after bench/run.ts) or
 * `node --conditions=@org/source --import tsx bench/runtime-turns.ts`.
 * BENCH_QUICK=1 shortens every phase and runs one round; BENCH_ROUNDS=N sets
 * the rounds; BENCH_SESSIONS=16,32 adds phases with more sessions.
 *
 * A turn: one user message, the simulated model (zero latency) calls one
 * tool, sees its result, answers. Reports the round trips and commits per
 * turn (by statement), turns/s with 1 and 8 concurrent sessions, WAL flushes
 * per turn, CPU per turn and how busy the machine was, and the server's own
 * one-row-insert commit rate from pgbench at 8 clients in the same run, with
 * the goal: turns/s at 8 sessions ≥ half of (pgbench commits/s ÷ commits per
 * turn). Each 8-session phase is paired with a pgbench run right after it
 * (3 rounds by default) and the median pair is reported, since a shared
 * machine's speed drifts between phases.
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
/** 8-session phases, each paired with a pgbench run (the median pair is reported). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
/** Extra session counts to measure (BENCH_SESSIONS=16,32): does more concurrency still add turns/s? */
const EXTRA_SESSIONS = (process.env.BENCH_SESSIONS ?? '')
  .split(',')
  .filter((value) => value.trim() !== '')
  .map(Number)
  .filter((value) => Number.isInteger(value) && value > 0);
const APPLICATION_NAME = 'runtime-turns-bench';
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/** Every statement sent, by label (the prepared statement's name, or the first words of its text). */
const sent = new Map<string, number>();
let sentTotal = 0;
/** Statements that write (and so commit to the WAL); reads and NOTIFY-only selects do not. */
let writes = 0;

/** Labels by statement text, then name: the stores reuse both strings (V8 keeps their hashes), so counting costs two lookups, not a regex over the SQL. */
const labels = new Map<string, Map<string, { label: string; writes: boolean }>>();

function labelOf(query: unknown): { label: string; writes: boolean } {
  const config = (typeof query === 'string' ? { text: query } : (query ?? {})) as { name?: string; text?: string };
  const text = config.text ?? '';
  const name = config.name ?? '';
  let byName = labels.get(text);
  if (!byName) {
    byName = new Map();
    labels.set(text, byName);
  }
  let known = byName.get(name);
  if (!known) {
    const label = name ? name.replace(/^sp_[0-9a-f]+_/, '') : text.trim().split(/\s+/).slice(0, 2).join(' ');
    known = { label, writes: /\b(INSERT|UPDATE|DELETE)\b/i.test(text) };
    byName.set(name, known);
  }
  return known;
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

/** WAL flushes the server has made so far (`pg_stat_wal.wal_sync`, every process): group commit makes it lower than the commits. */
async function walSyncs(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ wal_sync: string }>('SELECT wal_sync FROM pg_stat_wal');
  return Number(rows[0]?.wal_sync ?? 0);
}

/** Busy and total jiffies of this machine's CPUs so far (from /proc/stat; undefined elsewhere). */
async function machineCpu(): Promise<{ busy: number; total: number } | undefined> {
  try {
    const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    // idle and iowait are not busy.
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
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
  const walBefore = await walSyncs(admin);
  const machineBefore = await machineCpu();
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
  const machineAfter = await machineCpu();
  const walFlushes = (await walSyncs(admin)) - walBefore;
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
    walFlushesPerTurn: walFlushes / turns,
    /** Share of the machine's CPU time that was busy (every process): well under 100% means latency, not CPU, bounds turns/s. */
    machineBusyPercent:
      machineBefore && machineAfter ? ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100 : undefined,
  };
}

type Stats = Awaited<ReturnType<typeof throughput>>;

/** Share (%) of the server's limit a phase reached: turns/s against pgbench commits/s ÷ the phase's commits per turn. */
function percentOfLimit(stats: Stats, tps: number): number {
  return (stats.turnsPerSecond / (tps / stats.writesPerTurn)) * 100;
}

function describe(stats: Stats): string {
  const server = stats.serverCpuMsPerTurn === undefined ? 'server CPU not measured (remote server)' : `server backends ${stats.serverCpuMsPerTurn.toFixed(2)} ms`;
  const busy = stats.machineBusyPercent === undefined ? '' : `; machine ${stats.machineBusyPercent.toFixed(0)}% busy`;
  return (
    `${stats.turnsPerSecond.toFixed(0)} turns/s, ${stats.roundTripsPerTurn.toFixed(2)} round trips/turn, ${stats.writesPerTurn.toFixed(2)} commits/turn, ` +
    `${stats.walFlushesPerTurn.toFixed(2)} WAL flushes/turn, client CPU ${stats.clientCpuPercent.toFixed(0)}% of a core; ` +
    `CPU per turn: client ${stats.clientCpuMsPerTurn.toFixed(2)} ms, ${server}${busy}`
  );
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

    // 2. One session.
    const single = await throughput(backends, admin, 1);
    console.log(`\n1 session: ${describe(single)}`);

    // 3. Eight sessions against the server's limit: the machine's speed drifts by a fifth or more within minutes
    // (shared VM), so each 8-session phase is paired with a pgbench run right after it, and the ratio of each pair counts.
    const rounds: { stats: Stats; tps: number | undefined; share: number | undefined }[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const stats = await throughput(backends, admin, 8);
      const tps = await pgbenchInsertTps(DATABASE_URL, schema, PHASE_MS / 1000);
      const share = tps === undefined ? undefined : percentOfLimit(stats, tps);
      rounds.push({ stats, tps, share });
      const limitLine = tps === undefined ? 'pgbench not found' : `pgbench ${tps.toFixed(0)} commits/s, ${share?.toFixed(0)}% of the limit`;
      console.log(`\n8 sessions, round ${round}/${ROUNDS}: ${describe(stats)}\n  ${limitLine}`);
    }
    const pipelinedEight = await throughput(runtimeBackends(pipelined), admin, 8);
    console.log(`\n8 sessions with pipeline: ${PIPELINED_CONNECTIONS} (short statements on ${PIPELINED_CONNECTIONS} shared connections): ${describe(pipelinedEight)}`);
    for (const sessions of EXTRA_SESSIONS) {
      console.log(`\n${sessions} sessions: ${describe(await throughput(backends, admin, sessions))}`);
    }

    // 4. Summary: the median round, the client library's own rate, and the CPU budget.
    const measured = rounds.filter((r): r is { stats: Stats; tps: number; share: number } => r.tps !== undefined);
    if (measured.length === 0) {
      console.log('\npgbench not found: server limit not measured');
      return;
    }
    const byShare = [...measured].sort((a, b) => a.share - b.share);
    const median = byShare[Math.floor(byShare.length / 2)] as (typeof measured)[number];
    const limit = median.tps / median.stats.writesPerTurn;
    const shares = byShare.map((r) => `${r.share.toFixed(0)}%`).join(', ');
    console.log(
      `\nmedian round: pgbench one-row INSERT, 8 clients: ${median.tps.toFixed(0)} commits/s; server limit at ${median.stats.writesPerTurn.toFixed(2)} commits/turn: ` +
        `${limit.toFixed(0)} turns/s; 8 sessions: ${median.stats.turnsPerSecond.toFixed(0)} turns/s = ${median.share.toFixed(0)}% of it ` +
        `(rounds: ${shares}; goal ≥ 50%: ${median.share >= 50 ? 'met' : 'missed'})`,
    );
    console.log(`with pipeline: ${PIPELINED_CONNECTIONS}: ${pipelinedEight.turnsPerSecond.toFixed(0)} turns/s = ${percentOfLimit(pipelinedEight, median.tps).toFixed(0)}% of that limit`);
    // Where the gap comes from: the client library, or the work per turn?
    const node = await nodeInsertTps(pool, schema, PHASE_MS / 1000);
    console.log(`the same INSERT from this process (pg, 8 concurrent loops): ${node.toFixed(0)} commits/s = ${((node / median.tps) * 100).toFixed(0)}% of pgbench`);
    if (median.stats.serverCpuMsPerTurn !== undefined) {
      const used = median.stats.clientCpuMsPerTurn + median.stats.serverCpuMsPerTurn;
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
