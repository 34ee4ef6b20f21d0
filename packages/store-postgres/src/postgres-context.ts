import { createHash } from 'node:crypto';
import { ValidationError } from '@org/core';
import pg from 'pg';
import { toStoreError } from './pg-errors.js';
import { PipelinedConnections } from './pipelined-connections.js';
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
  /**
   * Send short statements (appends, session status writes, leases, bus
   * notifications, configuration reads) over this many connections in
   * pipeline mode, shared by all sessions, instead of one pooled connection
   * each: about a quarter less database CPU per turn and far fewer
   * connections, for about the same turns/s per process (sometimes a little
   * less: a statement waits for the commits written before it on its
   * connection). `true` means 2. Default off (`false` or 0): every statement
   * on a pooled connection. The connections come on top of the pool, built
   * from its options.
   */
  pipeline?: boolean | number;
}

/** Pipelined connections for `pipeline: true`. */
const DEFAULT_PIPELINED_CONNECTIONS = 2;

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
  if (options.pipeline !== undefined && typeof options.pipeline !== 'boolean') requireInteger(options.pipeline, 'pipeline', 0, 64);
  return { ...options, schema: validateSchemaName(options.schema ?? DEFAULT_SCHEMA) };
}

/** A parameterised query; `name` makes `pg` prepare it once per connection. */
export interface Statement {
  name?: string;
  text: string;
  values?: unknown[];
  /**
   * A short single-statement transaction that may share a pipelined
   * connection. Leave unset for anything that can run long (large reads)
   * or waits on locks, which would hold up the statements queued behind it.
   */
  pipeline?: boolean;
}

/** How many pipelined connections the options ask for. */
function pipelinedConnectionCount(options: PostgresConnectionOptions): number {
  const setting = options.pipeline ?? false;
  if (setting === true) return DEFAULT_PIPELINED_CONNECTIONS;
  return setting === false ? 0 : setting;
}

/**
 * What every store shares: the pool, the schema and error mapping. Stores
 * never build SQL from values; only the validated schema name is interpolated.
 */
export class PostgresContext {
  /** The schema name, quoted for SQL text. */
  readonly q: string;
  private readonly statementPrefix: string;
  private readonly pipelined: PipelinedConnections | undefined;

  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    /** `host:port/database`, for error messages (never credentials). */
    readonly address: string,
    /** Whether `close()` should end the pool (it was created here). */
    readonly ownsPool: boolean,
    /** How many pipelined connections short statements share (0: none, everything goes through the pool). */
    pipelinedConnections = 0,
  ) {
    if (pipelinedConnections > 0) {
      const { Client, options } = pool as unknown as { Client?: typeof pg.Client; options: pg.ClientConfig };
      const ClientClass = Client ?? pg.Client;
      this.pipelined = new PipelinedConnections(() => new ClientClass({ ...options, pipeline: true } as pg.ClientConfig), pipelinedConnections);
    }
    this.q = quoteIdentifier(schema);
    // Prepared statement names are per connection; a caller's pool may serve several schemas.
    this.statementPrefix = `sp_${createHash('sha1').update(schema).digest('hex').slice(0, 10)}`;
  }

  /** Builds the context from options: validates them and creates a pool unless one is given. */
  static fromOptions(options: PostgresConnectionOptions): PostgresContext {
    const parsed = parseConnectionOptions(options);
    const pipelined = pipelinedConnectionCount(parsed);
    if (parsed.pool) return new PostgresContext(parsed.pool, parsed.schema, describePoolAddress(parsed.pool), false, pipelined);
    const config: pg.PoolConfig = { ...parsed.poolConfig, connectionString: parsed.connectionString, max: parsed.poolSize ?? parsed.poolConfig?.max ?? 10 };
    if (parsed.applicationName) config.application_name = parsed.applicationName;
    const pool = new pg.Pool(config);
    // An idle connection that dies (server restart, terminated backend) must not crash the process; the pool drops it.
    pool.on('error', () => {});
    return new PostgresContext(pool, parsed.schema, describeConnectionString(parsed.connectionString ?? ''), true, pipelined);
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

  /** How many pipelined connections short statements share (0 when off). */
  get pipelinedConnections(): number {
    return this.pipelined?.size ?? 0;
  }

  /**
   * Runs one statement (one round trip): on a pipelined connection when it
   * is marked `pipeline` and pipelining is on, else on a pooled connection.
   * Maps failures to typed errors.
   */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(statement: Statement): Promise<pg.QueryResult<R>> {
    try {
      if (statement.pipeline && this.pipelined) return await this.pipelined.query<R>(statement as pg.QueryConfig);
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

  /** Ends the pipelined connections, and the pool when it was created here. */
  async close(): Promise<void> {
    await this.pipelined?.close();
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
