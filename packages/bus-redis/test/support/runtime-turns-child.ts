// Child process: runs real turns (memory stores + RedisEventBus + a scripted llmsim tool turn each) on one session,
// then prints the session's durable events from its history as one JSON line and exits by itself.
import { Runtime, SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { RedisEventBus } from '../../src/index.js';

const [url, prefix, session, turnCount] = process.argv.slice(2) as [string, string, string, string];
const sessionId = SessionId.parse(session);
const turns = Number(turnCount);
// Each turn: the model calls `add`, sees the result, then answers.
const script = Array.from({ length: turns }, (_, i) => [SimTurn.toolCalls([toolCall('add', { a: i, b: 1 }, `call_${i}`)]), SimTurn.assistant(`the sum is ${i + 1}`)]).flat();
const bus = new RedisEventBus({ connection: url, keyPrefix: prefix, connectionName: 'bus-redis-test-runtime-child' });
const runtime = await Runtime.builder()
  .backends({ ...memoryBackends(), bus, files: new MemorySessionFileSystem() })
  .driver(LlmSim.scripted(script, { onExhausted: 'error' }), { defaultModel: llmsimModel() })
  .singleSession((s) => s.sessionId(sessionId).harness('math', 'You are a math assistant.').harnessCapability('test_math'))
  .build();
for (let i = 0; i < turns; i++) {
  const result = await runtime.runTextTurn(sessionId, `add ${i} and 1`);
  if (!result.success || result.toolCallCount !== 1) throw new Error(`turn ${i} did not run its tool call: ${JSON.stringify(result)}`);
}
const events = await runtime.events(sessionId);
process.stdout.write(`${JSON.stringify(events.map((e) => ({ sequence: e.sequence, type: e.type, id: e.id })))}\n`);
await runtime.close();
