import { ConfigurationError, NotFoundError, RuntimeError, StorageUnavailableError, ValidationError } from '@org/core';
import { type Command, HELP, parseCliOptions } from './cli-options.js';
import { chatCommand } from './commands/chat-command.js';
import type { CommandHandler } from './commands/command-context.js';
import { eventsCommand } from './commands/events-command.js';
import { runCommand } from './commands/run-command.js';
import { scenarioCommand } from './commands/scenario-command.js';
import { serveCommand } from './commands/serve-command.js';
import { sessionsCommand } from './commands/sessions-command.js';
import { loadConfig } from './config.js';
import { startDemoRuntime } from './demo-runtime.js';
import { EventPrinter } from './render/event-printer.js';
import { runWorkerCommand } from './worker/index.js';

const HANDLERS: Record<Exclude<Command, 'help'>, CommandHandler> = {
  scenario: scenarioCommand,
  run: runCommand,
  chat: chatCommand,
  events: eventsCommand,
  sessions: sessionsCommand,
  serve: serveCommand,
};

/** Exit codes: 0 ok, 1 the turn failed, 2 bad usage or configuration, 3 a backend is unavailable, 4 not found. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => {
    // A second Ctrl-C while shutting down means "now".
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let json = argv.includes('--json');
  try {
    // `demo worker …` has its own options (see WORKER_HELP); SIGINT/SIGTERM start its drain.
    if (argv[0] === 'worker') return await runWorkerCommand(argv.slice(1), { stop: stop.signal });
    const options = parseCliOptions(argv);
    json = options.json;
    if (options.command === 'help') {
      console.log(HELP);
      return 0;
    }
    const config = await loadConfig({ ...(options.configPath ? { configPath: options.configPath } : {}), env });
    const demo = await startDemoRuntime(config);
    try {
      const printer = new EventPrinter({ json: options.json, verbose: !options.quiet });
      return await HANDLERS[options.command]({ options, demo, printer, signal: stop.signal, input: process.stdin });
    } finally {
      await demo.close();
    }
  } catch (error) {
    const [code, label] = classify(error);
    if (json) console.log(JSON.stringify({ type: 'error', code: label, message: (error as Error).message }));
    else console.error(`demo: ${(error as Error).message}${code === 2 && error instanceof ValidationError ? '\n\nRun `demo help` for usage.' : ''}`);
    if (code === 5) console.error(error);
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function classify(error: unknown): [number, string] {
  if (error instanceof ConfigurationError || error instanceof ValidationError) return [2, 'usage'];
  if (error instanceof StorageUnavailableError) return [3, 'unavailable'];
  if (error instanceof NotFoundError) return [4, 'not_found'];
  if (error instanceof RuntimeError) return [1, error.code];
  return [5, 'internal'];
}
