import { ConfigurationError, ValidationError } from '@org/core';
import { type DrainOutcome, drainOnSignals, TurnQueue, TurnWorker } from '@org/worker';
import { loadConfig } from '../config.js';
import { startDemoRuntime } from '../demo-runtime.js';
import { parseWorkerArgs, WORKER_HELP, type WorkerArgs } from './worker-options.js';

export { parseWorkerArgs, WORKER_HELP, type WorkerArgs } from './worker-options.js';

/** Where `demo worker` writes (stdout/stderr by default; tests pass their own). */
export interface WorkerCommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** Options of {@link runWorkerCommand} beyond the command line. */
export interface WorkerCommandOptions {
  io?: WorkerCommandIo;
  /** Starts the drain like SIGTERM does (for embedding and tests). */
  stop?: AbortSignal;
}

const processIo: WorkerCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * `demo worker`: runs turns from the BullMQ queue on the demo's runtime until
 * SIGTERM/SIGINT (then drains), or with `enqueue "<prompt>"` adds one turn and
 * prints its result. Resolves to the process exit code (0 ok, 1 the turn
 * failed, 2 bad usage or configuration).
 */
export async function runWorkerCommand(argv: readonly string[], options: WorkerCommandOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  let args: WorkerArgs;
  try {
    args = parseWorkerArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${WORKER_HELP}`);
    return 2;
  }
  if (args.mode === 'help') {
    io.out(WORKER_HELP);
    return 0;
  }
  try {
    return args.mode === 'enqueue' ? await enqueueOne(args, io) : await runWorker(args, io, options.stop);
  } catch (error) {
    io.err(`demo worker: ${(error as Error).message}`);
    return error instanceof ConfigurationError || error instanceof ValidationError ? 2 : 3;
  }
}

async function runWorker(args: WorkerArgs, io: WorkerCommandIo, stop: AbortSignal | undefined): Promise<number> {
  const config = await loadConfig(args.configPath ? { configPath: args.configPath } : {});
  if (config.stores.kind !== 'postgres')
    io.err('demo worker: stores are in memory, so only this process sees its sessions; set DATABASE_URL to share them between workers');
  // Tool-level durability: a turn resumed after a crash never re-runs a completed tool.
  const demo = await startDemoRuntime(config, { durability: 'tool' });
  const worker = new TurnWorker({
    runtime: demo.runtime,
    connection: args.redisUrl,
    queueName: args.queueName,
    prefix: args.prefix,
    concurrency: args.concurrency,
    drainTimeoutMs: args.drainTimeoutMs,
    logger: { warn: (m) => io.err(`warn: ${m}`), error: (m) => io.err(`error: ${m}`) },
  });
  const metricsTimer =
    args.metricsEveryMs > 0
      ? setInterval(() => {
          worker.metrics().then(
            (m) => io.out(`metrics ${JSON.stringify({ jobs: m.jobs, running: m.worker.running, completed: m.worker.completed, failed: m.worker.failed, p50: m.turnLatencyMs.p50, p99: m.turnLatencyMs.p99 })}`),
            () => {},
          );
        }, args.metricsEveryMs)
      : undefined;
  const exitCode = new Promise<number>((resolve) => {
    let finished = false;
    const finish = (outcome: DrainOutcome) => {
      if (finished) return;
      finished = true;
      removeHandlers();
      clearInterval(metricsTimer);
      io.out(`worker ${worker.name} drained: ${outcome.finished} finished, ${outcome.interrupted} ${outcome.action === 'none' ? 'interrupted' : outcome.action}`);
      demo.close().then(
        () => resolve(0),
        () => resolve(0),
      );
    };
    const removeHandlers = drainOnSignals(worker, { onDrained: finish });
    stop?.addEventListener('abort', () => void worker.drain().then(finish), { once: true });
  });
  await worker.waitUntilReady();
  io.out(`worker ${worker.name} ready: queue ${args.queueName}, concurrency ${args.concurrency}, ${demo.description}`);
  return exitCode;
}

async function enqueueOne(args: WorkerArgs, io: WorkerCommandIo): Promise<number> {
  const queue = new TurnQueue({ connection: args.redisUrl, queueName: args.queueName, prefix: args.prefix });
  try {
    let sessionId = args.session;
    if (!sessionId) {
      // The session must exist in the workers' stores: create it there (PostgreSQL), with the demo harness.
      const config = await loadConfig(args.configPath ? { configPath: args.configPath } : {});
      const demo = await startDemoRuntime(config);
      try {
        sessionId = (await demo.createSession('queued turn')).id;
      } finally {
        await demo.close();
      }
    }
    const job = await queue.enqueue(sessionId, args.prompt ?? '');
    io.out(`enqueued ${job.jobId} on ${job.sessionId}${job.created ? '' : ' (already queued)'}`);
    if (!args.wait) return 0;
    const result = await queue.waitForResult(job.jobId);
    io.out(result.success ? result.response : `turn failed: ${result.error ?? 'unknown error'}`);
    return result.success ? 0 : 1;
  } finally {
    await queue.close();
  }
}
