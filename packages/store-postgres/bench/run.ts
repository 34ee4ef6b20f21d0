/**
 * Benchmarks of @org/store-postgres against a real server (DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test). Run: `pnpm bench`.
 * BENCH_QUICK=1 shortens every phase; PGOPTS passes server options to the
 * pool (e.g. `-c plan_cache_mode=force_generic_plan`) to try tunings.
 *
 * Reports: round trips per atom append and per simulated turn, turns/s and
 * appends/s with 1 and 8 concurrent sessions (a turn = lease + 4 atom appends
 * of a realistic single-tool-call turn + release), replay of a 100,000-event
 * session, and the server's own one-row-insert commit rate from pgbench at 8
 * clients, for comparison.
 */
import { SessionId } from '@org/core';
import pg from 'pg';
import { turnBatches } from '../src/test-support/turn-batches.js';
import { benchBackends, DATABASE_URL, dropBenchSchema } from './bench-backends.js';
import { pgbenchInsertTps } from './pgbench.js';

const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const PHASE_MS = QUICK ? 1500 : 5000;
const REPLAY_EVENTS = 100_000;

const queries = { count: 0 };
class CountingClient extends pg.Client {
  override query(...args: unknown[]): never {
    queries.count += 1;
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

async function main(): Promise<void> {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10, Client: CountingClient, ...(process.env.PGOPTS ? { options: process.env.PGOPTS } : {}) });
  pool.on('error', () => {});
  const { backends, schema } = await benchBackends({ pool });
  try {
    console.log(`@org/store-postgres bench (${QUICK ? 'quick' : 'full'}), PostgreSQL at ${backends.context.address}, schema ${schema}\n`);

    // 1. Round trips.
    const sessionId = SessionId.generate();
    const batches = turnBatches(sessionId, 1);
    const perAppend: number[] = [];
    const turnStart = queries.count;
    const lease = await backends.leases.acquire(sessionId);
    for (const batch of batches) {
      const before = queries.count;
      await backends.history.append(sessionId, batch, { fence: lease });
      perAppend.push(queries.count - before);
    }
    await lease.release();
    const perTurn = queries.count - turnStart;
    console.log(`round trips per atom append: ${perAppend.join(', ')} (batches of ${batches.map((b) => b.length).join(', ')} events)`);
    console.log(`round trips (= commits) per turn: ${perTurn} (lease acquire + ${batches.length} appends + release)\n`);

    // 2. Throughput.
    const results: Record<number, number> = {};
    for (const sessions of [1, 8]) {
      const stats = await throughput(backends, sessions);
      results[sessions] = stats.turnsPerSecond;
      console.log(
        `${sessions} session(s): ${stats.turnsPerSecond.toFixed(0)} turns/s, ${stats.appendsPerSecond.toFixed(0)} appends/s, ` +
          `${stats.commitsPerSecond.toFixed(0)} commits/s, ${stats.queriesPerTurn.toFixed(2)} round trips/turn, client CPU ${stats.clientCpuPercent.toFixed(0)}% of a core`,
      );
    }

    // 3. Replay.
    const replay = await replaySpeed(backends);
    console.log(`\nreplay of ${REPLAY_EVENTS.toLocaleString('en')} events (${replay.megabytes.toFixed(1)} MB of JSON): best ${replay.bestMs.toFixed(0)} ms of 3 (${(REPLAY_EVENTS / (replay.bestMs / 1000)).toFixed(0)} events/s); goal < 1000 ms`);

    // 4. Server limit.
    const tps = await pgbenchInsertTps(DATABASE_URL, schema, PHASE_MS / 1000);
    if (tps === undefined) {
      console.log('\npgbench not found: server limit not measured');
    } else {
      const limitTurns = tps / perTurn;
      const eight = results[8] ?? 0;
      console.log(`\npgbench one-row INSERT, 8 clients: ${tps.toFixed(0)} commits/s`);
      console.log(`server limit for ${perTurn} commits/turn: ${limitTurns.toFixed(0)} turns/s; measured with 8 sessions: ${eight.toFixed(0)} turns/s = ${((eight / limitTurns) * 100).toFixed(0)}% of it (goal ≥ 50%)`);
    }
  } finally {
    await backends.close();
    await pool.end();
    await dropBenchSchema(schema);
  }
}

async function throughput(backends: Awaited<ReturnType<typeof benchBackends>>['backends'], sessions: number) {
  let turns = 0;
  let appends = 0;
  const startQueries = queries.count;
  const deadline = Date.now() + PHASE_MS;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: sessions }, async () => {
      const sessionId = SessionId.generate();
      let next = 1;
      while (Date.now() < deadline) {
        const lease = await backends.leases.acquire(sessionId);
        try {
          for (const batch of turnBatches(sessionId, next)) {
            await backends.history.append(sessionId, batch, { fence: lease });
            next += batch.length;
            appends += 1;
          }
        } finally {
          await lease.release();
        }
        turns += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const total = queries.count - startQueries;
  return {
    turnsPerSecond: turns / seconds,
    appendsPerSecond: appends / seconds,
    commitsPerSecond: total / seconds,
    queriesPerTurn: total / turns,
    /** Share of one core this process used: near 100% means the client, not the server, is the limit. */
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
  };
}

async function replaySpeed(backends: Awaited<ReturnType<typeof benchBackends>>['backends']) {
  const sessionId = SessionId.generate();
  // A realistic event body as the template; the bulk insert renumbers it.
  const template = turnBatches(sessionId, 1).flat().find((e) => e.type === 'llm.generation');
  const q = backends.context.q;
  await backends.context.query({
    text: `INSERT INTO ${q}.events (session_id, sequence, id, type, body)
           SELECT $1, g, 'event_' || lpad(to_hex(g), 32, '0'), $2::jsonb->>'type',
                  $2::jsonb || jsonb_build_object('sequence', g, 'id', 'event_' || lpad(to_hex(g), 32, '0'))
           FROM generate_series(1, $3::integer) g`,
    values: [sessionId, JSON.stringify(template), REPLAY_EVENTS],
  });
  await backends.context.query({ text: `INSERT INTO ${q}.event_heads VALUES ($1, $2)`, values: [sessionId, REPLAY_EVENTS] });
  await backends.context.query({ text: `ANALYZE ${q}.events` });
  let bestMs = Number.POSITIVE_INFINITY;
  let bytes = 0;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const started = performance.now();
    const events = await backends.history.readEvents(sessionId);
    bestMs = Math.min(bestMs, performance.now() - started);
    if (events.length !== REPLAY_EVENTS || events.at(-1)?.sequence !== REPLAY_EVENTS) throw new Error(`replay returned ${events.length} events`);
    bytes = JSON.stringify(events).length;
  }
  return { bestMs, megabytes: bytes / 1e6 };
}

await main();
