import type { Event, TurnResult } from '@org/core';
import { createSpinner, type Spinner } from 'nanospinner';
import pc from 'picocolors';
import { type Colors, describeEvent, formatDuration, formatUsage, textOfContent } from './format.js';

/** Where and how the printer writes. */
export interface PrinterOptions {
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** One JSON object per line instead of text (for scripts). */
  json?: boolean;
  /** Colours and the spinner; default: only when `out` is a terminal. */
  pretty?: boolean;
  /** Show the bookkeeping events (llm.generation, session.*) too. Default true. */
  verbose?: boolean;
}

const QUIET_TYPES = new Set(['llm.generation', 'session.activated', 'session.idled', 'session.started', 'reason.completed', 'act.completed']);
const INDENT = '          ';

/**
 * Prints a session's events as they come: durable events as one line each,
 * the agent's answer streamed word by word from `output.message.delta`, tool
 * calls with their arguments and results, and a spinner (on a terminal)
 * while the model thinks or tools run. In JSON mode every event is one line.
 */
export class EventPrinter {
  readonly #out: NodeJS.WritableStream;
  readonly #json: boolean;
  readonly #pretty: boolean;
  readonly #verbose: boolean;
  readonly #c: Colors;
  #spinner: Spinner | undefined;
  /** True while an answer is being streamed on the current line. */
  #streaming = false;
  /** The text streamed so far of the message being streamed. */
  #streamedText: string | undefined;
  /**
   * Messages whose text was streamed and whose `output.message.completed` has not come yet (it is
   * then not printed again). Deltas are live-only and can overtake durable events, so this counts.
   */
  #pendingStreamed = 0;

  constructor(options: PrinterOptions = {}) {
    const out = options.out ?? process.stdout;
    this.#out = out;
    this.#json = options.json ?? false;
    this.#pretty = !this.#json && (options.pretty ?? out.isTTY === true);
    this.#verbose = options.verbose ?? true;
    this.#c = pc.createColors(this.#pretty);
  }

  /** The colour functions in use (no-ops when not pretty). */
  get colors(): Colors {
    return this.#c;
  }

  /** Writes a line of text (not in JSON mode). */
  line(text = ''): void {
    if (this.#json) return;
    this.#endStream();
    this.#stopSpinner();
    this.#out.write(`${text}\n`);
  }

  /** Writes a JSON record (JSON mode only). */
  record(value: unknown): void {
    if (this.#json) this.#out.write(`${JSON.stringify(value)}\n`);
  }

  /** Shows the user's message. */
  userMessage(text: string): void {
    this.line(`${this.#c.bgCyan(this.#c.black(' you '))} ${text.replace(/\n/g, `\n${INDENT}`)}`);
  }

  /** Handles one event, live or replayed. */
  event(event: Event): void {
    if (this.#json) {
      this.#out.write(`${JSON.stringify(event)}\n`);
      return;
    }
    const c = this.#c;
    if (event.type === 'output.message.delta') {
      this.#stopSpinner();
      const { accumulated, delta } = event.data;
      if (this.#streamedText === undefined || !accumulated.startsWith(this.#streamedText)) {
        this.#endStream();
        this.#pendingStreamed++;
      }
      if (!this.#streaming) {
        this.#out.write(`  ${c.bgGreen(c.black(' agent '))} `);
        this.#streaming = true;
      }
      this.#streamedText = accumulated;
      this.#out.write(delta.replace(/\n/g, `\n${INDENT}`));
      return;
    }
    if (event.ephemeral) return;
    if (event.type === 'output.message.completed') {
      const text = textOfContent(event.data.message.content);
      if (text && this.#pendingStreamed > 0) {
        this.#pendingStreamed--;
        if (this.#pendingStreamed === 0) {
          this.#endStream();
          this.#streamedText = undefined;
        }
      } else if (text) this.line(`  ${c.bgGreen(c.black(' agent '))} ${text.replace(/\n/g, `\n${INDENT}`)}`);
      return;
    }
    if (!this.#verbose && QUIET_TYPES.has(event.type)) return;
    const description = describeEvent(event, c);
    if (description !== undefined) this.line(description);
    if (event.type === 'reason.started') this.#startSpinner('thinking…');
    if (event.type === 'act.started') this.#startSpinner(`running ${event.data.toolCalls.map((call) => call.name).join(', ')}…`);
  }

  /** Prints the final answer and usage of a finished turn. */
  result(result: TurnResult): void {
    if (this.#json) {
      this.record({ type: 'result', ...result });
      return;
    }
    const c = this.#c;
    this.line();
    if (result.success) {
      this.line(c.bold(c.green('Final answer')));
      for (const text of result.response.split('\n')) this.line(`  ${text}`);
    } else this.line(`${c.bold(c.red('Turn failed'))} ${result.error ?? ''} ${c.dim(result.errorCode ?? '')}`);
    this.line();
    this.line(
      `${c.dim('usage')}  ${formatUsage(result.usage)} ${c.dim('·')} ${result.iterations} steps ${c.dim('·')} ${result.toolCallCount} tool calls ${c.dim('·')} ${formatDuration(result.durationMs)}`,
    );
  }

  /** Stops the spinner and ends a streamed line (call before exiting). */
  finish(): void {
    this.#endStream();
    this.#stopSpinner();
  }

  #endStream(): void {
    if (!this.#streaming) return;
    this.#streaming = false;
    this.#out.write('\n');
  }

  #startSpinner(text: string): void {
    if (!this.#pretty) return;
    this.#stopSpinner();
    this.#spinner = createSpinner(this.#c.dim(text), { stream: this.#out as NodeJS.WriteStream }).start();
  }

  #stopSpinner(): void {
    if (!this.#spinner) return;
    this.#spinner.stop();
    this.#spinner = undefined;
  }
}
