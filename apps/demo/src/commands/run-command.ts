import { SessionId, ValidationError } from '@org/core';
import type { CommandContext, CommandHandler } from './command-context.js';

/** The session to talk to: `--session <id>` or a new one. */
export async function sessionFor(context: CommandContext, title: string) {
  const { demo, options } = context;
  if (options.session) {
    const session = await demo.runtime.backends.sessions.getSession(parseSession(options.session));
    if (!session) throw new ValidationError(`--session ${options.session}: no such session in these stores`, [{ path: 'session', message: 'unknown' }]);
    return session;
  }
  return demo.createSession(title);
}

/** Parses a session id given on the command line. */
export function parseSession(value: string, what = '--session'): SessionId {
  try {
    return SessionId.parse(value);
  } catch (error) {
    throw new ValidationError(`${what}: ${(error as Error).message}`, [{ path: what, message: 'invalid id' }]);
  }
}

/** Runs one streamed turn and prints it; resolves to whether it succeeded. */
export async function streamOneTurn(context: CommandContext, sessionId: SessionId, text: string, signal: AbortSignal): Promise<boolean> {
  const { demo, printer } = context;
  const turn = demo.runtime.streamTurn(sessionId, text, { signal });
  for await (const event of turn) printer.event(event);
  const result = await turn.result;
  printer.finish();
  printer.result(result);
  return result.success;
}

/** `demo run "<prompt>"`: one turn; exit code 0 when it succeeds, 1 when it fails or is cancelled. */
export const runCommand: CommandHandler = async (context) => {
  const text = context.options.args.join(' ').trim();
  if (!text) throw new ValidationError('run needs a prompt: demo run "What is the weather in Oslo?"', [{ path: 'prompt', message: 'missing' }]);
  const session = await sessionFor(context, text.slice(0, 60));
  context.printer.line(context.printer.colors.dim(`session ${session.id} · ${context.demo.description}`));
  context.printer.userMessage(text);
  context.printer.record({ type: 'session', sessionId: session.id });
  return (await streamOneTurn(context, session.id, text, context.signal)) ? 0 : 1;
};
