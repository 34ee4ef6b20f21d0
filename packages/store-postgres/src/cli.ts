import { parseArgs } from 'node:util';
import { RuntimeError } from '@org/core';
import { migrate, migrationStatus } from './migrations.js';
import { PostgresContext } from './postgres-context.js';
import { DEFAULT_SCHEMA } from './schema-name.js';

/** Where the CLI writes. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage: store-postgres <migrate|status> [--url <postgres url>] [--schema <name>]
  migrate   apply pending migrations (safe to run concurrently; a no-op when up to date)
  status    show applied and pending migrations
  --url     connection string (default: $DATABASE_URL)
  --schema  schema name (default: ${DEFAULT_SCHEMA})`;

/**
 * The `store-postgres` command line, as a function (the `bin` script calls
 * it). Returns the exit code: 0 success, 1 failure, 2 usage error.
 */
export async function runCli(argv: readonly string[], env: Record<string, string | undefined>, output: CliOutput): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    output.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { command, url, schema, help } = parsed;
  if (help) {
    output.out(USAGE);
    return 0;
  }
  if (command !== 'migrate' && command !== 'status') {
    output.err(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  const connectionString = url ?? env.DATABASE_URL;
  if (!connectionString) {
    output.err(`no database: pass --url or set DATABASE_URL\n${USAGE}`);
    return 2;
  }
  let context: PostgresContext;
  try {
    context = PostgresContext.fromOptions({ connectionString, schema: schema ?? DEFAULT_SCHEMA, applicationName: 'store-postgres-cli' });
  } catch (error) {
    output.err(describe(error));
    return 2;
  }
  try {
    if (command === 'migrate') {
      const result = await migrate(context);
      for (const m of result.applied) output.out(`applied ${pad(m.version)}_${m.name}`);
      output.out(`schema "${result.schema}" is at version ${result.currentVersion} (${result.applied.length} applied now)`);
    } else {
      const status = await migrationStatus(context);
      output.out(`schema "${status.schema}": version ${status.currentVersion} of ${status.latestVersion}`);
      for (const m of status.pending) output.out(`pending ${pad(m.version)}_${m.name}`);
      if (status.pending.length === 0) output.out('up to date');
    }
    return 0;
  } catch (error) {
    output.err(describe(error));
    return 1;
  } finally {
    await context.close();
  }
}

function parse(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { url: { type: 'string' }, schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (positionals.length > 1) throw new Error(`expected one command, got ${positionals.join(' ')}`);
  return { command: positionals[0], url: values.url, schema: values.schema, help: values.help ?? false };
}

function describe(error: unknown): string {
  if (error instanceof RuntimeError) return `${error.name}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function pad(version: number): string {
  return String(version).padStart(3, '0');
}
