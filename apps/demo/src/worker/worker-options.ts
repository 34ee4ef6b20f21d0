import { parseArgs } from 'node:util';
import { ValidationError } from '@org/core';
import { z } from 'zod';

/** Usage of `demo worker`. */
export const WORKER_HELP = `Usage: demo worker [options]                 Run turns from the queue until SIGTERM/SIGINT
       demo worker enqueue "<prompt>" [options]  Enqueue one turn (on a new session unless --session) and print its result

Options
  --config <file.json>     Demo configuration (stores must be PostgreSQL to run several workers)
  --concurrency <n>        Turns this worker runs at once (default 4)
  --queue <name>           BullMQ queue name (default agent-turns; WORKER_QUEUE)
  --prefix <prefix>        BullMQ key prefix (default agent-runtime:bull; WORKER_PREFIX)
  --drain-timeout <ms>     On SIGTERM, how long running turns may finish before handoff (default 30000)
  --metrics-every <ms>     Print metrics this often (0 = never; default 0)
  --session <id>           enqueue: the session to run the turn on
  --no-wait                enqueue: print the job id and exit without waiting
  --help, -h               Show this help

Environment: REDIS_URL (the queue's Redis, default redis://127.0.0.1:6379), DATABASE_URL and the
other demo variables choose the runtime's backends (see \`demo help\`).`;

const WorkerArgs = z.object({
  mode: z.enum(['run', 'enqueue', 'help']),
  prompt: z.string().min(1).optional(),
  configPath: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(1_000).default(4),
  queueName: z.string().min(1).default('agent-turns'),
  prefix: z.string().min(1).default('agent-runtime:bull'),
  drainTimeoutMs: z.coerce.number().int().nonnegative().default(30_000),
  metricsEveryMs: z.coerce.number().int().nonnegative().default(0),
  session: z.string().min(1).optional(),
  wait: z.boolean().default(true),
  redisUrl: z.string().min(1).default('redis://127.0.0.1:6379'),
});

/** The parsed `demo worker` command line. */
export type WorkerArgs = z.output<typeof WorkerArgs>;

/** Parses `demo worker …` arguments (everything after `worker`), with environment fallbacks. */
export function parseWorkerArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): WorkerArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        concurrency: { type: 'string' },
        queue: { type: 'string' },
        prefix: { type: 'string' },
        'drain-timeout': { type: 'string' },
        'metrics-every': { type: 'string' },
        session: { type: 'string' },
        'no-wait': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ValidationError(`demo worker: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  if (first !== undefined && first !== 'enqueue') throw new ValidationError(`demo worker: unknown subcommand "${first}" (expected "enqueue" or none)`);
  if (first === 'enqueue' && rest.length !== 1) throw new ValidationError('demo worker enqueue: give exactly one prompt, in quotes');
  const defined = <T>(value: T | undefined) => (value === undefined ? {} : value);
  const result = WorkerArgs.safeParse({
    mode: values.help ? 'help' : first === 'enqueue' ? 'enqueue' : 'run',
    ...defined(rest[0] === undefined ? undefined : { prompt: rest[0] }),
    ...defined(values.config === undefined ? undefined : { configPath: values.config }),
    ...defined(values.concurrency === undefined ? undefined : { concurrency: values.concurrency }),
    ...defined((values.queue ?? env.WORKER_QUEUE) === undefined ? undefined : { queueName: values.queue ?? env.WORKER_QUEUE }),
    ...defined((values.prefix ?? env.WORKER_PREFIX) === undefined ? undefined : { prefix: values.prefix ?? env.WORKER_PREFIX }),
    ...defined(values['drain-timeout'] === undefined ? undefined : { drainTimeoutMs: values['drain-timeout'] }),
    ...defined(values['metrics-every'] === undefined ? undefined : { metricsEveryMs: values['metrics-every'] }),
    ...defined(values.session === undefined ? undefined : { session: values.session }),
    wait: values['no-wait'] !== true,
    ...defined(env.REDIS_URL === undefined ? undefined : { redisUrl: env.REDIS_URL }),
  });
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
    throw new ValidationError(`demo worker: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}
