import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * Sends `PING` (after `AUTH` when the URL carries credentials) over a fresh
 * connection and resolves when Redis answers `+PONG`. The bus keeps its own
 * connections private, so readiness checks Redis this way instead.
 */
export function pingRedis(url: string, timeoutMs = 2_000): Promise<void> {
  const target = new URL(url);
  const port = Number(target.port || 6379);
  const host = target.hostname || '127.0.0.1';
  const commands: string[][] = [];
  if (target.password) commands.push(target.username ? ['AUTH', decodeURIComponent(target.username), decodeURIComponent(target.password)] : ['AUTH', decodeURIComponent(target.password)]);
  commands.push(['PING']);
  const payload = commands.map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join('');

  return new Promise((resolve, reject) => {
    const socket = target.protocol === 'rediss:' ? connectTls({ host, port, servername: host }) : connect({ host, port });
    let received = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from Redis at ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', (error) => fail(new Error(`cannot reach Redis at ${host}:${port}: ${error.message}`)));
    socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (received.startsWith('-')) return fail(new Error(`Redis refused: ${received.trim()}`));
      if (received.includes('+PONG')) {
        socket.end();
        resolve();
      }
    });
  });
}
