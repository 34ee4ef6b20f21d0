import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * The server's own commit rate for one-row inserts (`tps` of pgbench with a
 * one-INSERT script, prepared statements, `clients` clients on 2 threads),
 * measured for `seconds` on a table created in `schema`. Undefined when
 * pgbench is not installed.
 */
export async function pgbenchInsertTps(databaseUrl: string, schema: string, seconds: number, clients = 8): Promise<number | undefined> {
  const pgbench = await findPgbench();
  if (!pgbench) return undefined;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const dir = await mkdtemp(join(tmpdir(), 'pgbench-'));
  try {
    await admin.query(`CREATE TABLE IF NOT EXISTS "${schema}".pgbench_insert (id bigserial PRIMARY KEY, session_id text NOT NULL, body jsonb NOT NULL)`);
    const script = join(dir, 'insert.sql');
    await writeFile(script, `INSERT INTO "${schema}".pgbench_insert (session_id, body) VALUES ('session', '{"type":"tool.progress"}');\n`);
    const url = new URL(databaseUrl);
    const { stdout } = await run(pgbench, [
      '-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(Math.max(1, Math.round(seconds))), '-f', script,
      '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), url.pathname.slice(1) || 'postgres',
    ]);
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } finally {
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The same one-row INSERT as {@link pgbenchInsertTps}, sent from this
 * process by `clients` concurrent loops over `pool` (prepared, one
 * statement per commit) for `seconds`: what a Node.js client with `pg` can
 * reach on this machine, to set beside pgbench's C client. Run it after
 * `pgbenchInsertTps`, which creates the table.
 */
export async function nodeInsertTps(pool: pg.Pool, schema: string, seconds: number, clients = 8): Promise<number> {
  const insert = {
    name: 'bench_node_insert',
    text: `INSERT INTO "${schema}".pgbench_insert (session_id, body) VALUES ($1, $2)`,
    values: ['session', '{"type":"tool.progress"}'],
  };
  const loops = async (ms: number) => {
    let commits = 0;
    const deadline = Date.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < deadline) {
          await pool.query(insert);
          commits += 1;
        }
      }),
    );
    return commits;
  };
  await loops(500); // prepare the statement on the connections
  const started = performance.now();
  const commits = await loops(seconds * 1000);
  return commits / ((performance.now() - started) / 1000);
}

async function findPgbench(): Promise<string | undefined> {
  for (const candidate of ['pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}
