import { NotFoundError, ValidationError } from '@org/core';
import { parseSession } from './run-command.js';
import type { CommandHandler } from './command-context.js';

const PAGE = 500;

/** `demo events <session> [--follow]`: prints the stored events, then (with --follow) live ones until Ctrl-C. */
export const eventsCommand: CommandHandler = async ({ demo, printer, options, signal }) => {
  const [raw] = options.args;
  if (!raw) throw new ValidationError('events needs a session id: demo events session_…', [{ path: 'session', message: 'missing' }]);
  const sessionId = parseSession(raw, 'session');
  const session = await demo.runtime.backends.sessions.getSession(sessionId);
  if (!session) {
    const hint = demo.config.stores.kind === 'memory' ? ' (the stores are in memory: only sessions of this process exist; use DATABASE_URL to share them)' : '';
    throw new NotFoundError('session', `${sessionId}${hint}`);
  }
  if (options.follow) {
    printer.line(printer.colors.dim(`following ${sessionId} · Ctrl-C to stop`));
    for await (const event of demo.runtime.subscribe(sessionId, { signal })) printer.event(event);
    printer.finish();
    return 0;
  }
  let after = 0;
  for (;;) {
    const page = await demo.runtime.events(sessionId, { after, limit: PAGE });
    for (const event of page) printer.event(event);
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    after = last.sequence;
  }
  printer.finish();
  return 0;
};
