import type { CommandHandler } from './command-context.js';

const MAX_SHOWN = 200;

/** `demo sessions`: newest first. */
export const sessionsCommand: CommandHandler = async ({ demo, printer }) => {
  const c = printer.colors;
  let cursor: string | undefined;
  let shown = 0;
  do {
    const page = await demo.runtime.backends.sessions.listSessions({ limit: 50, ...(cursor ? { cursor } : {}) });
    for (const session of page.sessions) {
      printer.record(session);
      printer.line(`${session.id}  ${c.dim(session.createdAt)}  ${c.cyan(session.status)}  ${session.title ?? c.dim('(untitled)')}`);
      shown++;
    }
    cursor = page.nextCursor;
  } while (cursor && shown < MAX_SHOWN);
  if (shown === 0)
    printer.line(c.dim(demo.config.stores.kind === 'memory' ? 'No sessions: the stores are in memory, so only this process’s sessions would show. Set DATABASE_URL to keep them.' : 'No sessions yet.'));
  return 0;
};
