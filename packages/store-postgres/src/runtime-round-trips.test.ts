import { Runtime, type RuntimeBackends, type SessionId } from '@org/core';
import { LlmSim, llmsimModel, SimTurn, toolCall } from '@org/driver-llmsim';
import { MemorySessionFileSystem, memoryBackends } from '@org/store-memory';
import { describeWithService } from '@org/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PostgresBackends, postgresBackends } from './backends.js';
import { DATABASE_URL, dropSchema, postgresService, randomSchema } from './test-support/database.js';

/** Statements sent, by prepared statement name (without the schema prefix), and the payloads of the bus's NOTIFY statements. */
const sent = new Map<string, number>();
const busPayloads: string[] = [];

class CountingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const config = args[0] as { name?: string; values?: unknown[] } | string;
    if (typeof config === 'object' && config.name) {
      const label = config.name.replace(/^sp_[0-9a-f]+_/, '');
      sent.set(label, (sent.get(label) ?? 0) + 1);
      if (label === 'bus_notify') busPayloads.push(...((config.values?.[1] as string[] | undefined) ?? []));
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

// The statements of a whole runtime turn (as bench/runtime-turns.ts counts them), pinned where this package saves round trips.
describeWithService(postgresService, 'statements of a runtime turn on PostgreSQL', () => {
  const schema = randomSchema();
  let pool: pg.Pool;
  let postgres: PostgresBackends;
  let runtime: Runtime;
  let sessionId: SessionId;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4, Client: CountingClient });
    postgres = await postgresBackends({ pool, schema, migrate: true });
    const { context: _context, close: _close, configCache: _cache, ...stores } = postgres;
    const backends: RuntimeBackends = { ...memoryBackends(), ...stores, files: new MemorySessionFileSystem() };
    const sim = LlmSim.scripted([SimTurn.toolCalls([toolCall('add', { a: 2, b: 3 })]), SimTurn.assistant('2 + 3 = 5')], { onExhausted: 'loop' });
    runtime = await Runtime.builder()
      .backends(backends)
      .driver(sim, { defaultModel: llmsimModel() })
      .singleSession((s) => s.harness('math', 'You are a math assistant.').harnessCapability('test_math'))
      .build();
    sessionId = runtime.defaultSessionId as SessionId;
  });
  afterAll(async () => {
    await postgres?.close();
    await pool?.end();
    await dropSchema(schema);
  });

  it('reads no head (the lease reports it) and announces each append through the bus', async () => {
    await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    sent.clear();
    busPayloads.length = 0;
    const result = await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    expect(result).toMatchObject({ success: true, toolCallCount: 1 });
    expect(sent.get('lease_acquire')).toBe(1);
    expect(sent.get('history_append_next')).toBe(4);
    expect(sent.has('history_last_sequence')).toBe(false);
    // Durable events are announced by wake-ups ("w:…"), deltas travel whole ("e:…").
    expect(busPayloads.some((payload) => payload.startsWith('w:'))).toBe(true);
    expect(busPayloads.some((payload) => payload.startsWith('e:'))).toBe(true);
  });

  it('reads no configuration once the configuration cache listens, and no session (the status write returns it)', async () => {
    const deadline = Date.now() + 5000;
    while (!postgres.configCache?.live && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(postgres.configCache?.live).toBe(true);
    await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    sent.clear();
    await runtime.runTextTurn(sessionId, 'What is 2 + 3?');
    for (const read of ['harness_chain', 'agent_get', 'model_default_get', 'model_get', 'session_get']) expect(sent.has(read), read).toBe(false);
    expect(sent.get('session_patch_status')).toBe(2);
  });
});
