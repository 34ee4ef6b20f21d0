// Child process of the latency benchmark: follows a session and reports, per event, how long after `publish` was called it arrived here.
import { SessionId } from '@org/core';
import { RedisEventBus } from '../src/index.js';
import { preciseNow } from './bench-events.js';

const [url, prefix, session, total] = process.argv.slice(2) as [string, string, string, string];
const bus = new RedisEventBus({ connection: url, keyPrefix: prefix, connectionName: 'bus-redis-bench-subscriber' });
const subscription = bus.subscribe(SessionId.parse(session));
await subscription.ready;
process.stdout.write('ready\n');
const latencies: number[] = [];
for await (const event of subscription) {
  const emittedAt = event.metadata?.emittedAt;
  if (typeof emittedAt === 'number') latencies.push(preciseNow() - emittedAt);
  if (event.sequence >= Number(total)) break;
}
process.stdout.write(`${JSON.stringify(latencies)}\n`);
await bus.close();
