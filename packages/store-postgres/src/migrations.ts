import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { ConfigurationError } from '@org/core';
import type pg from 'pg';
import { type PostgresConnectionOptions, PostgresContext } from './postgres-context.js';
import { toStoreError } from './pg-errors.js';

/** One versioned SQL file shipped in the package's `migrations/` folder. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** sha256 of the file, recorded in the ledger so a changed file is noticed. */
  checksum: string;
}

/** Where a schema stands relative to the migrations this code ships. */
export interface MigrationStatus {
  schema: string;
  /** Highest applied version (0: none). */
  currentVersion: number;
  /** Highest version this code knows. */
  latestVersion: number;
  /** Versions this code ships that are not applied yet. */
  pending: { version: number; name: string }[];
}

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);
const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

let cached: Promise<Migration[]> | undefined;

/** Reads the migration files (once per process), ordered by version. */
export function loadMigrations(): Promise<Migration[]> {
  cached ??= (async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((file) => FILE_PATTERN.test(file)).sort();
    const migrations: Migration[] = [];
    for (const file of files) {
      const [, version, name] = FILE_PATTERN.exec(file) as RegExpExecArray;
      const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      migrations.push({ version: Number(version), name: name as string, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
    return migrations;
  })();
  return cached;
}

interface LedgerRow {
  version: number;
  name: string;
  checksum: string;
}

/** Reads the ledger in one query; `undefined` when the ledger table does not exist. */
async function readLedger(ctx: PostgresContext, client?: pg.PoolClient): Promise<LedgerRow[] | undefined> {
  const text = `SELECT version, name, checksum FROM ${ctx.q}._migrations ORDER BY version`;
  try {
    const result = client ? await client.query<LedgerRow>(text) : await ctx.pool.query<LedgerRow>(text);
    return result.rows;
  } catch (error) {
    // 42P01: undefined table, 3F000: undefined schema → nothing migrated yet.
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000') return undefined;
    throw toStoreError(error, ctx.address);
  }
}

/** Compares the ledger with the shipped files; throws on a newer database or a changed file. */
function compare(ctx: PostgresContext, ledger: LedgerRow[], migrations: Migration[]): MigrationStatus {
  const latestVersion = migrations.at(-1)?.version ?? 0;
  const currentVersion = ledger.at(-1)?.version ?? 0;
  if (currentVersion > latestVersion) {
    throw new ConfigurationError(
      `database schema version ${currentVersion} is newer than this code knows (${latestVersion}); upgrade @org/store-postgres (schema "${ctx.schema}" at ${ctx.address})`,
    );
  }
  const applied = new Map(ledger.map((row) => [row.version, row]));
  for (const migration of migrations) {
    const row = applied.get(migration.version);
    if (row && row.checksum !== migration.checksum) {
      throw new ConfigurationError(
        `migration ${migration.version} (${migration.name}) differs from the one applied to schema "${ctx.schema}"; migration files must never change once released`,
      );
    }
  }
  const pending = migrations.filter((m) => !applied.has(m.version)).map(({ version, name }) => ({ version, name }));
  return { schema: ctx.schema, currentVersion, latestVersion, pending };
}

/** Reports the schema's migration state without changing anything (one query). */
export async function migrationStatus(ctx: PostgresContext): Promise<MigrationStatus> {
  const migrations = await loadMigrations();
  return compare(ctx, (await readLedger(ctx)) ?? [], migrations);
}

/**
 * Throws unless the schema is fully migrated: a `ConfigurationError` telling to
 * run `migrate()` or the CLI when migrations are missing, or to upgrade when
 * the database is newer. One query.
 */
export async function assertMigrated(ctx: PostgresContext): Promise<void> {
  const status = await migrationStatus(ctx);
  if (status.pending.length > 0) {
    throw new ConfigurationError(
      `schema "${ctx.schema}" at ${ctx.address} is at version ${status.currentVersion} but this code needs ${status.latestVersion}: ` +
        `run migrate() from @org/store-postgres or \`npx @org/store-postgres migrate --schema ${ctx.schema}\``,
    );
  }
}

/** Advisory lock key of a schema's migrations: every process migrating the same schema queues on it. */
function lockKey(schema: string): string {
  return `@org/store-postgres:migrate:${schema}`;
}

/**
 * Applies the pending migrations of a schema, creating the schema and the
 * `_migrations` ledger when needed. Safe to run from several processes at
 * once (they serialise on `pg_advisory_xact_lock`) and idempotent. When the
 * schema is up to date it costs one query. All pending migrations run in one
 * transaction: a failure leaves the schema as it was.
 *
 * @returns the status after migrating, with `applied` listing what this call ran.
 */
export async function migrate(
  target: PostgresContext | PostgresConnectionOptions,
): Promise<MigrationStatus & { applied: { version: number; name: string }[] }> {
  const ctx = target instanceof PostgresContext ? target : PostgresContext.fromOptions(target);
  try {
    const migrations = await loadMigrations();
    const ledger = await readLedger(ctx);
    if (ledger) {
      const status = compare(ctx, ledger, migrations);
      if (status.pending.length === 0) return { ...status, applied: [] };
    }
    return await applyPending(ctx, migrations);
  } finally {
    if (!(target instanceof PostgresContext)) await ctx.close();
  }
}

async function applyPending(ctx: PostgresContext, migrations: Migration[]): Promise<MigrationStatus & { applied: { version: number; name: string }[] }> {
  const client = await ctx.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(ctx.schema)]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ctx.q}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${ctx.q}._migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    // Re-read under the lock: another process may have migrated while we waited.
    const status = compare(ctx, (await readLedger(ctx, client)) ?? [], migrations);
    const applied: { version: number; name: string }[] = [];
    await client.query(`SET LOCAL search_path TO ${ctx.q}, pg_catalog`);
    for (const { version, name } of status.pending) {
      const migration = migrations.find((m) => m.version === version) as Migration;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${ctx.q}._migrations (version, name, checksum) VALUES ($1, $2, $3)`, [version, name, migration.checksum]);
      applied.push({ version, name });
    }
    await client.query('COMMIT');
    return { ...status, currentVersion: status.latestVersion, pending: [], applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw toStoreError(error, ctx.address);
  } finally {
    client.release();
  }
}
