import { startServer } from '../server/start-server.js';
import type { CommandHandler } from './command-context.js';

/** `demo serve`: the HTTP API and web page until Ctrl-C / SIGTERM, then a graceful shutdown. */
export const serveCommand: CommandHandler = async ({ demo, printer, options, signal }) => {
  const server = await startServer(demo, {
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  const c = printer.colors;
  printer.line(`${c.bold('agent runtime demo')} listening on ${c.cyan(server.url)} ${c.dim(`· ${demo.description}`)}`);
  printer.record({ type: 'listening', url: server.url, port: server.port });
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  printer.line(c.dim('shutting down: finishing running turns…'));
  await server.close();
  printer.line(c.dim('bye'));
  return 0;
};
