import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@org/core';
import { z } from 'zod';

/** Where the runtime keeps sessions, history, storage and memory. */
export const StoresConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory') }),
  z.strictObject({
    kind: z.literal('postgres'),
    /** `postgres://user@host:port/database`. */
    url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
    /** Schema holding the tables: 1-63 characters of [a-z0-9_]. */
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be 1-63 characters of a-z, 0-9 and _, not starting with a digit')
      .default('agent_runtime'),
    /** Apply pending migrations at start-up (the demo's default; production runs the migration CLI instead). */
    migrate: z.boolean().default(true),
  }),
]);

/** How events fan out to live subscribers. */
export const BusConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory') }),
  /** LISTEN/NOTIFY on the stores' database; needs `stores.kind = postgres`. */
  z.strictObject({ kind: z.literal('postgres') }),
  z.strictObject({
    kind: z.literal('redis'),
    url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    /** Prefix of every Redis key and channel the bus uses. */
    keyPrefix: z.string().min(1).default('agent-runtime-demo:'),
    /** Expire a session's stream this long after its last event (the history store keeps the record). */
    ttlSeconds: z.number().int().positive().optional(),
  }),
]);

/** Where session workspaces live. */
export const FilesConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('memory') }),
  z.strictObject({
    kind: z.literal('disk'),
    /** Directory holding one sub-directory per session (created if missing). */
    root: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal('s3'),
    bucket: z.string().min(3, 'must be at least 3 characters').max(255),
    /** S3-compatible endpoint (MinIO, a local server); omit for AWS. */
    endpoint: z.url().optional(),
    region: z.string().min(1).default('us-east-1'),
    prefix: z.string().default('sessions'),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    /** Path-style URLs; most local servers and MinIO need them. */
    forcePathStyle: z.boolean().default(false),
  }),
]);

/** The model behind the agent. Only the simulator for now; real providers plug in here later. */
export const DriverConfig = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('llmsim'),
    /** Pause before each streamed word, so the answer visibly streams. */
    chunkLatencyMs: z.number().int().min(0).max(5_000).default(12),
  }),
]);

/** The HTTP server of `demo serve`. */
export const ServerConfig = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  /** How long a shutdown lets running turns finish before aborting them. */
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(5_000),
});

/** The whole demo configuration; every section defaults to the embedded (in-process) choice. */
export const DemoConfig = z
  .strictObject({
    stores: StoresConfig.default({ kind: 'memory' }),
    bus: BusConfig.default({ kind: 'memory' }),
    files: FilesConfig.default({ kind: 'memory' }),
    driver: DriverConfig.default({ kind: 'llmsim', chunkLatencyMs: 12 }),
    server: ServerConfig.default({ port: 3000, host: '127.0.0.1', shutdownGraceMs: 5_000 }),
  })
  .superRefine((config, context) => {
    if (config.bus.kind === 'postgres' && config.stores.kind !== 'postgres')
      context.addIssue({
        code: 'custom',
        path: ['bus', 'kind'],
        message: 'the postgres bus reads events from the PostgreSQL history store: set stores.kind to "postgres" (or DATABASE_URL)',
      });
  });

export type DemoConfig = z.output<typeof DemoConfig>;
export type DemoConfigInput = z.input<typeof DemoConfig>;

/** Environment variables the demo reads (see the README). */
export type DemoEnvironment = Readonly<Record<string, string | undefined>>;

type Raw = Record<string, unknown>;

/** Where a configured value came from, so an error can name the variable to fix. */
type Sources = Map<string, string>;

/**
 * Reads and validates the configuration: defaults, then the JSON file (when
 * given), then the environment. A section's `kind` comes from `DEMO_STORES` /
 * `DEMO_BUS` / `DEMO_FILES` / `DEMO_DRIVER`, else the file, else is inferred
 * from the variables present (`DATABASE_URL` → postgres stores, `REDIS_URL` →
 * redis bus, `S3_BUCKET` → s3 files, `DEMO_FILES_ROOT` → disk files); with
 * PostgreSQL stores and no Redis the bus defaults to postgres.
 *
 * @throws ConfigurationError naming every bad field and where it came from.
 */
export async function loadConfig(options: { configPath?: string; env?: DemoEnvironment } = {}): Promise<DemoConfig> {
  const file = options.configPath ? await readConfigFile(options.configPath) : {};
  return resolveConfig(file, options.env ?? process.env, options.configPath);
}

/** {@link loadConfig} on an already parsed file object (no I/O). */
export function resolveConfig(file: unknown, env: DemoEnvironment = {}, fileName = 'the config file'): DemoConfig {
  if (typeof file !== 'object' || file === null || Array.isArray(file))
    throw new ConfigurationError(`invalid demo configuration: ${fileName} must hold a JSON object`);
  const sources: Sources = new Map();
  const merged = layerEnvironment(file as Raw, env, sources);
  const parsed = DemoConfig.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const source = sources.get(path) ?? (issue.path.length > 0 ? sources.get(issue.path.slice(0, -1).map(String).join('.')) : undefined);
    return `${path}: ${issue.message}${source ? ` (from ${source})` : ''}`;
  });
  throw new ConfigurationError(`invalid demo configuration: ${problems.join('; ')}`);
}

async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigurationError(`the config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function section(file: Raw, name: string): Raw {
  const value = file[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Raw) } : (value as Raw);
}

function layerEnvironment(file: Raw, env: DemoEnvironment, sources: Sources): Raw {
  const get = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const set = (target: Raw, sectionName: string, field: string, variable: string, transform: (v: string) => unknown = (v) => v) => {
    const value = get(variable);
    if (value === undefined || typeof target !== 'object' || target === null) return;
    target[field] = transform(value);
    sources.set(`${sectionName}.${field}`, variable);
  };
  const kindOf = (sectionName: string, target: Raw, variable: string, inferred: string | undefined) => {
    if (typeof target !== 'object' || target === null) return;
    const explicit = get(variable);
    if (explicit !== undefined) {
      target.kind = explicit;
      sources.set(`${sectionName}.kind`, variable);
    } else if (target.kind === undefined && inferred !== undefined) target.kind = inferred;
  };

  const stores = section(file, 'stores') ?? {};
  kindOf('stores', stores, 'DEMO_STORES', get('DATABASE_URL') ? 'postgres' : undefined);
  if (stores?.kind === 'postgres') {
    set(stores, 'stores', 'url', 'DATABASE_URL');
    set(stores, 'stores', 'schema', 'DEMO_PG_SCHEMA');
  }

  const bus = section(file, 'bus') ?? {};
  kindOf('bus', bus, 'DEMO_BUS', get('REDIS_URL') ? 'redis' : stores?.kind === 'postgres' ? 'postgres' : undefined);
  if (bus?.kind === 'redis') {
    set(bus, 'bus', 'url', 'REDIS_URL');
    set(bus, 'bus', 'keyPrefix', 'REDIS_PREFIX');
  }

  const files = section(file, 'files') ?? {};
  kindOf('files', files, 'DEMO_FILES', get('S3_BUCKET') || get('S3_ENDPOINT') ? 's3' : get('DEMO_FILES_ROOT') ? 'disk' : undefined);
  if (files?.kind === 's3') {
    set(files, 'files', 'endpoint', 'S3_ENDPOINT');
    set(files, 'files', 'bucket', 'S3_BUCKET');
    set(files, 'files', 'region', 'S3_REGION');
    set(files, 'files', 'prefix', 'S3_PREFIX');
    set(files, 'files', 'accessKeyId', 'S3_ACCESS_KEY_ID');
    set(files, 'files', 'secretAccessKey', 'S3_SECRET_ACCESS_KEY');
    set(files, 'files', 'forcePathStyle', 'S3_FORCE_PATH_STYLE', booleanOf);
    // A custom endpoint almost always means a local server or MinIO, which want path-style URLs.
    if (files.forcePathStyle === undefined && files.endpoint !== undefined) files.forcePathStyle = true;
  }
  if (files?.kind === 'disk') set(files, 'files', 'root', 'DEMO_FILES_ROOT');

  const driver = section(file, 'driver') ?? {};
  kindOf('driver', driver, 'DEMO_DRIVER', undefined);
  if (typeof driver === 'object' && driver !== null && driver.kind === undefined) driver.kind = 'llmsim';
  set(driver, 'driver', 'chunkLatencyMs', 'DEMO_CHUNK_LATENCY_MS', numberOf);

  const server = section(file, 'server') ?? {};
  set(server, 'server', 'port', 'PORT', numberOf);
  set(server, 'server', 'host', 'HOST');

  const merged: Raw = { ...file, stores, bus, files, driver, server };
  // Sections left empty take their defaults.
  for (const name of ['stores', 'bus', 'files', 'driver', 'server']) {
    const value = merged[name];
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) delete merged[name];
  }
  return merged;
}

// Strings that are not numbers or booleans are passed through, so zod reports them with the variable's name.
function numberOf(value: string): unknown {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

function booleanOf(value: string): unknown {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  return value;
}

/** A one-line description of the chosen backends, e.g. `stores=postgres bus=redis files=s3 driver=llmsim`. */
export function describeConfig(config: DemoConfig): string {
  return `stores=${config.stores.kind} bus=${config.bus.kind} files=${config.files.kind} driver=${config.driver.kind}`;
}
