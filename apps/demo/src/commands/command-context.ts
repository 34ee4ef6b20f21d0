import type { CliOptions } from '../cli-options.js';
import type { DemoRuntime } from '../demo-runtime.js';
import type { EventPrinter } from '../render/event-printer.js';

/** What every command gets. */
export interface CommandContext {
  options: CliOptions;
  demo: DemoRuntime;
  printer: EventPrinter;
  /** Aborts on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  /** Standard input, for `chat`. */
  input: NodeJS.ReadableStream;
}

/** A command: resolves to the process exit code. */
export type CommandHandler = (context: CommandContext) => Promise<number>;
