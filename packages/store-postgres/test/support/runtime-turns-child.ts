// Child process: its own pool and runtime (every store, the leases and the bus on PostgreSQL) on an existing schema
// and session; prints "ready", waits for "go" on stdin (so that its sibling starts together), runs `turns`
// single-tool turns, prints one JSON line with the turn ids, and exits by itself.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Runtime, SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { postgresBackends } from '../../src/index.js';

const [url, schema, session, turnCount, label] = process.argv.slice(2) as [string, string, string, string, string];
const sessionId = SessionId.parse(session);
const turns = Number(turnCount);
const postgres = await postgresBackends({
  connectionString: url,
  schema,
  poolSize: 4,
  applicationName: `runtime-child-${label}`,
  // Poll the lease often: the sibling process holds it for a few milliseconds at a time.
  leases: { pollMs: 2, maxPollMs: 5 },
});
const { context: _context, close: _close, ...stores } = postgres;
// Each turn: the model calls `add`, sees the result, then answers (the script loops).
const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('five')], { onExhausted: 'loop' }).withResponseDelay(2);
const runtime = await Runtime.builder()
  .backends({ ...memoryBackends(), ...stores, files: new MemorySessionFileSystem() })
  .driver(sim, { defaultModel: llmsimModel() })
  .build();
const stdin = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await once(stdin, 'line');
stdin.close();
const turnIds: string[] = [];
for (let i = 0; i < turns; i++) {
  const result = await runtime.runTextTurn(sessionId, `${label} turn ${i}`);
  if (!result.success || result.toolCallCount !== 1) throw new Error(`${label} turn ${i} did not run its tool call: ${JSON.stringify(result)}`);
  turnIds.push(result.turnId);
  // Give the sibling a chance at the lease between turns.
  await new Promise((resolve) => setTimeout(resolve, 15));
}
process.stdout.write(`${JSON.stringify({ label, turnIds })}\n`);
await runtime.close();
await postgres.close();
