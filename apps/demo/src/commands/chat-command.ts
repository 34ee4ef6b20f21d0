import { createInterface } from 'node:readline';
import { sessionFor, streamOneTurn } from './run-command.js';
import type { CommandHandler } from './command-context.js';

/**
 * `demo chat`: a read-eval-print loop. Answers stream word by word and tool
 * calls show as they run. Ctrl-C cancels a running turn; at the prompt it (or
 * Ctrl-D, /exit) quits.
 */
export const chatCommand: CommandHandler = async (context) => {
  const { printer, demo, input, options } = context;
  const c = printer.colors;
  const session = await sessionFor(context, 'Chat');
  printer.line(`${c.bold('agent runtime chat')} ${c.dim(`· ${demo.description} · session ${session.id}`)}`);
  printer.line(c.dim('The simulated model plays the weather script: name two cities. /exit quits.'));
  printer.record({ type: 'session', sessionId: session.id });
  const terminal = (input as { isTTY?: boolean }).isTTY === true && !options.json;
  const lines = createInterface({ input, output: process.stdout, terminal, prompt: terminal ? `${c.bgCyan(c.black(' you '))} ` : '' });
  let running: AbortController | undefined;
  lines.on('SIGINT', () => {
    if (running) running.abort(new Error('cancelled by the user'));
    else lines.close();
  });
  let failures = 0;
  lines.prompt();
  for await (const raw of lines) {
    const text = raw.trim();
    if (text === '/exit' || text === '/quit') break;
    if (text) {
      running = new AbortController();
      try {
        if (!(await streamOneTurn(context, session.id, text, AbortSignal.any([running.signal, context.signal])))) failures++;
      } finally {
        running = undefined;
      }
      printer.line();
    }
    if (context.signal.aborted) break;
    lines.prompt();
  }
  lines.close();
  return failures === 0 ? 0 : 1;
};
