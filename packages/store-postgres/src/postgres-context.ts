import { createHash } from 'node:crypto';
import { ValidationError } from '@org/core';
import pg from 'pg';
import { toStoreError } from './pg-errors.js';
import { DEFAULT_SCHEMA, quoteIdentifier, validateSchemaName } from './schema-name.js';
import { requireInteger, requireOptions, requireText } from './validation.js';

/** How to reach the database. Give `connectionString` (a pool is created and owned) or `pool` (yours; never ended by this package). */
export interface PostgresConnectionOptions {
  connectionString?: string;
  pool?: pg.Pool;
  /** Schema holding the tables (default `agent_runtime`): 1-63 characters of [a-z0-9_]. */
  schema?: string;
  /** Maximum connections of the created pool (default 10). Ignored with `pool`. */
  poolSize?: number;
  /** Extra `pg.PoolConfig` for the created pool (timeouts, ssl…). Ignored with `pool`. */
  poolConfig?: pg.PoolConfig;
  /** `application_name` of the created pool's connections (shows in `pg_stat_activity`). */
  applicationName?: string;
}

function isPool(value: unknown): value is pg.Pool {
  return typeof value === 'object' && value !== null && typeof (value as pg.Pool).query === 'function' && typeof (value as pg.Pool).connect === 'function';
}

/** Validates connection options; throws `ValidationError` naming the bad field. */
function parseConnectionOptions(value: unknown): PostgresConnectionOptions & { schema: string } {
  const options = requireOptions(value, 'PostgreSQL options') as PostgresConnectionOptions;
  const hasUrl = options.connectionString !== undefined;
  if (hasUrl === (options.pool !== undefined)) {
    throw new ValidationError('invalid PostgreSQL options: give exactly one of connectionString or pool', [{ path: 'connectionString', message: 'exactly one of connectionString or pool' }]);
  }
  if (hasUrl) requireText(options.connectionString, 'connectionString');
  if (options.pool !== undefined && !isPool(options.pool)) {
    throw new ValidationError('invalid PostgreSQL options: pool must be a pg.Pool', [{ path: 'pool', message: 'not a pg.Pool' }]);
  }
  if (options.poolSize !== undefined) requireInteger(options.poolSize, 'poolSize', 1, 10_000);
  if (options.poolConfig !== undefined) requireOptions(options.poolConfig, 'poolConfig');
  if (options.applicationName !== undefined) requireText(options.applicationName, 'applicationName', 63);
  return { ...options, schema: validateSchemaName(options.schema ?? DEFAULT_SCHEMA) };
}

/** A parameterised query; `name` makes `pg` prepare it once per connection. */
export interface Statement {
  name?: string;
  text: string;
  values?: unknown[];
}

/**
 * What every store shares: the pool, the schema and error mapping. Stores
 * never build SQL from values; only the validated schema name is interpolated.
 */
export class PostgresContext {
  /** The schema name, quoted for SQL text. */
  readonly q: string;
  private readonly statementPrefix: string;

  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    /** `host:port/database`, for error messages (never credentials). */
    readonly address: string,
    /** Whether `close()` should end the pool (it was created here). */
    readonly ownsPool: boolean,
  ) {
    this.q = quoteIdentifier(schema);
    // Prepared statement names are per connection; a caller's pool may serve several schemas.
    this.statementPrefix = `sp_${createHash('sha1').update(schema).digest('hex').slice(0, 10)}`;
  }

  /** Builds the context from options: validates them and creates a pool unless one is given. */
  static fromOptions(options: PostgresConnectionOptions): PostgresContext {
    const parsed = parseConnectionOptions(options);
    if (parsed.pool) return new PostgresContext(parsed.pool, parsed.schema, describePoolAddress(parsed.pool), false);
    const config: pg.PoolConfig = { ...parsed.poolConfig, connectionString: parsed.connectionString, max: parsed.poolSize ?? parsed.poolConfig?.max ?? 10 };
    if (parsed.applicationName) config.application_name = parsed.applicationName;
    const pool = new pg.Pool(config);
    // An idle connection that dies (server restart, terminated backend) must not crash the process; the pool drops it.
    pool.on('error', () => {});
    return new PostgresContext(pool, parsed.schema, describeConnectionString(parsed.connectionString ?? ''), true);
  }

  /** The most connections the pool opens (pg's default is 10). */
  get poolMax(): number {
    const max = (this.pool as unknown as { options?: pg.PoolConfig }).options?.max;
    return typeof max === 'number' ? max : 10;
  }

  /** A name for a prepared statement, unique per schema. */
  statement(name: string): string {
    return `${this.statementPrefix}_${name}`;
  }

  /** Runs one statement on a pooled connection (one round trip), mapping failures to typed errors. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(statement: Statement): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(statement as pg.QueryConfig);
    } catch (error) {
      throw toStoreError(error, this.address);
    }
  }

  /** Checks out a dedicated connection (for transactions, LISTEN), mapping connection failures. */
  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw toStoreError(error, this.address);
    }
  }

  /** Ends the pool when it was created here. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

/** `host:port/database` of a connection string, without credentials. */
export function describeConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    return `${url.hostname || 'localhost'}:${url.port || '5432'}/${database}`;
  } catch {
    return '(unparsable connection string)';
  }
}

function describePoolAddress(pool: pg.Pool): string {
  const options = (pool as unknown as { options?: pg.PoolConfig }).options ?? {};
  if (options.connectionString) return describeConnectionString(options.connectionString);
  const host = typeof options.host === 'string' ? options.host : (process.env.PGHOST ?? 'localhost');
  return `${host}:${options.port ?? process.env.PGPORT ?? 5432}/${options.database ?? process.env.PGDATABASE ?? '(default database)'}`;
}
