// Child process: subscribes to a session through RedisEventBus, prints "ready", collects every event until it has seen
// `turns` turns end (session.idled), prints what it received as one JSON line and exits by itself.
import { SessionId } from '@org/core';
import { RedisEventBus } from '../../src/index.js';

const [url, prefix, session, turnCount] = process.argv.slice(2) as [string, string, string, string];
const bus = new RedisEventBus({ connection: url, keyPrefix: prefix, connectionName: 'bus-redis-test-runtime-subscriber' });
const subscription = bus.subscribe(SessionId.parse(session));
await subscription.ready;
process.stdout.write('ready\n');

const received: { sequence: number; type: string; id: string; ephemeral: boolean }[] = [];
let idled = 0;
for await (const event of subscription) {
  received.push({ sequence: event.sequence, type: event.type, id: event.id, ephemeral: event.ephemeral === true });
  if (event.type === 'session.idled' && ++idled === Number(turnCount)) break;
}
process.stdout.write(`${JSON.stringify(received)}\n`);
await bus.close();
