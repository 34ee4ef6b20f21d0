import { parseArgs } from 'node:util';
import { ValidationError } from '@org/core';
import { z } from 'zod';

/** The commands of the demo CLI. */
export const COMMANDS = ['scenario', 'chat', 'run', 'events', 'sessions', 'serve', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

/** Parsed command line. */
export interface CliOptions {
  command: Command;
  /** Positional arguments after the command. */
  args: string[];
  configPath?: string;
  json: boolean;
  follow: boolean;
  port?: number;
  host?: string;
  session?: string;
  quiet: boolean;
}

/** Usage text; shown by `demo help` and after a usage error. */
export const HELP = `Usage: demo <command> [options]

Commands
  scenario               Run the scripted showcase turn (default command of \`pnpm demo\`)
  run "<prompt>"         Run one turn; the exit code is 0 when it succeeds, 1 when it fails
  chat                   Chat interactively; answers stream word by word, tool calls show live
  events <session>       Print a session's events (--follow to keep watching)
  sessions               List sessions, newest first
  serve                  Start the HTTP API and web page (default http://127.0.0.1:3000)
  worker                 Run turns from the shared queue (PostgreSQL + Redis); \`demo worker --help\`

Options
  --config <file.json>   Configuration file (see README); environment variables override it
  --json                 One JSON object per line, for scripts
  --session <id>         run/chat: continue this session instead of creating one
  --follow, -f           events: keep following live events
  --port <n>, --host <h> serve: where to listen (port 0 picks a free one)
  --quiet, -q            Hide bookkeeping events (llm.generation, session.*)
  --help, -h             Show this help

Environment
  DATABASE_URL           PostgreSQL stores (and bus, unless REDIS_URL is set)
  REDIS_URL              Redis event bus (REDIS_PREFIX for the key prefix)
  S3_ENDPOINT, S3_BUCKET S3 session files (S3_REGION, S3_PREFIX, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)
  DEMO_FILES_ROOT        Session files on local disk under this directory
  DEMO_STORES, DEMO_BUS, DEMO_FILES   Choose a backend explicitly (memory|postgres, memory|postgres|redis, memory|disk|s3)

With nothing set every backend is in memory, so \`events\` and \`sessions\` only see
what the same process did: use PostgreSQL stores to inspect sessions across runs.`;

const Port = z.coerce.number().int().min(0).max(65_535);

/**
 * Parses `argv` (without node and the script).
 * @throws ValidationError naming the bad argument.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ValidationError((error as Error).message, [{ path: 'argv', message: (error as Error).message }]);
  }
  const { values, positionals } = parsed;
  const [first, ...args] = positionals;
  const command = values.help ? 'help' : (first ?? 'help');
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new ValidationError(`unknown command "${command}"; expected one of ${COMMANDS.join(', ')}`, [{ path: 'command', message: 'unknown' }]);
  let port: number | undefined;
  if (values.port !== undefined) {
    const result = Port.safeParse(values.port);
    if (!result.success) throw new ValidationError(`--port must be an integer from 0 to 65535, got "${values.port}"`, [{ path: 'port', message: 'invalid' }]);
    port = result.data;
  }
  return {
    command: command as Command,
    args,
    ...(values.config ? { configPath: values.config } : {}),
    json: values.json ?? false,
    follow: values.follow ?? false,
    ...(port !== undefined ? { port } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values.session ? { session: values.session } : {}),
    quiet: values.quiet ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
      follow: { type: 'boolean', short: 'f' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      session: { type: 'string', short: 's' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
