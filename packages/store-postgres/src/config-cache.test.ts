import { AgentId, HarnessId } from '@org/core';
import { describeWithService, makeAgent, makeHarness } from '@org/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PostgresAgentStore } from './agent-store.js';
import { ConfigCache, configChannelOf } from './config-cache.js';
import { PostgresHarnessStore } from './harness-store.js';
import { PostgresContext } from './postgres-context.js';
import { PostgresProviderStore } from './provider-store.js';
import { DATABASE_URL, freshBackends, postgresService } from './test-support/database.js';

/** Counts the statements this process sends, by prepared-statement name. */
const sent = new Map<string, number>();
class CountingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const name = (args[0] as { name?: string } | undefined)?.name?.replace(/^sp_[0-9a-f]+_/, '');
    if (name) sent.set(name, (sent.get(name) ?? 0) + 1);
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/** Reads until `read()` gives `expected` (a change from elsewhere arrives by notification), or times out. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + 5000;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    value = await read();
  }
  return value;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describeWithService(postgresService, 'ConfigCache (configuration reads served from memory, invalidated by NOTIFY)', () => {
  let backends: Awaited<ReturnType<typeof freshBackends>>;
  let pool: pg.Pool;
  let cache: ConfigCache;
  let harnesses: PostgresHarnessStore;
  let agents: PostgresAgentStore;
  let providers: PostgresProviderStore;

  beforeAll(async () => {
    // The other process's view: plain backends on the same schema (their own cache and pool).
    backends = await freshBackends();
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4, Client: CountingClient });
    const ctx = new PostgresContext(pool, backends.schema, 'test', false);
    cache = new ConfigCache(ctx);
    harnesses = new PostgresHarnessStore(ctx, cache);
    agents = new PostgresAgentStore(ctx, cache);
    providers = new PostgresProviderStore(ctx, cache);
  });
  afterAll(async () => {
    await cache?.close();
    await pool?.end();
    await backends?.close();
  });
  afterEach(() => sent.clear());

  it('reads from the database until it listens, then serves repeated reads from memory, frozen', async () => {
    const agent = makeAgent({ name: 'cached' });
    await backends.agents.putAgent(agent);
    expect(await agents.getAgent(agent.id)).toEqual(agent);
    await until(() => cache.live, 'the LISTEN connection');
    const first = await agents.getAgent(agent.id);
    const second = await agents.getAgent(agent.id);
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    // One read before listening, one to fill the cache, none after.
    expect(sent.get('agent_get')).toBe(2);
  });

  it("sees another process's change once its notification arrives", async () => {
    await until(() => cache.live, 'the LISTEN connection');
    const agent = makeAgent({ name: 'before' });
    await backends.agents.putAgent(agent);
    expect((await agents.getAgent(agent.id))?.name).toBe('before');
    await backends.agents.putAgent({ ...agent, name: 'after' });
    // The other process changed it: the trigger's NOTIFY empties this cache.
    expect(await eventually(async () => (await agents.getAgent(agent.id))?.name, 'after')).toBe('after');
  });

  it('also hears changes made with plain SQL (the triggers, not the store, announce them)', async () => {
    await until(() => cache.live, 'the LISTEN connection');
    const agent = makeAgent({ name: 'plain' });
    await backends.agents.putAgent(agent);
    expect((await agents.getAgent(agent.id))?.name).toBe('plain');
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const notified = new Promise<string | undefined>((resolve) => {
      client.on('notification', (message) => resolve(message.payload));
    });
    try {
      await client.query(`LISTEN "${configChannelOf(backends.schema)}"`);
      await client.query(`UPDATE "${backends.schema}".agents SET body = jsonb_set(body, '{name}', '"by sql"') WHERE id = $1`, [agent.id]);
      expect(await notified).toBe('agents');
    } finally {
      await client.end();
    }
    expect(await eventually(async () => (await agents.getAgent(agent.id))?.name, 'by sql')).toBe('by sql');
  });

  it("sees this process's own writes at once (harness chain, default model)", async () => {
    await until(() => cache.live, 'the LISTEN connection');
    const root = makeHarness({ name: 'root' });
    const child = makeHarness({ name: 'child', parentHarnessId: root.id });
    await harnesses.putHarness(root);
    await harnesses.putHarness(child);
    expect((await harnesses.getHarnessChain(child.id)).map((h) => h.name)).toEqual(['root', 'child']);
    await harnesses.putHarness({ ...root, name: 'root v2' });
    expect((await harnesses.getHarnessChain(child.id)).map((h) => h.name)).toEqual(['root v2', 'child']);

    await providers.setDefaultModel({ provider: 'llmsim', model: 'one' });
    expect((await providers.getDefaultModel())?.model).toBe('one');
    await providers.setDefaultModel({ provider: 'llmsim', model: 'two' });
    expect((await providers.getDefaultModel())?.model).toBe('two');
  });

  it('caches absent rows too, until one is written', async () => {
    await until(() => cache.live, 'the LISTEN connection');
    const id = AgentId.generate();
    expect(await agents.getAgent(id)).toBeUndefined();
    expect(await harnesses.getHarnessChain(HarnessId.generate())).toEqual([]);
    const agent = makeAgent({ id, name: 'late' });
    await agents.putAgent(agent);
    expect((await agents.getAgent(id))?.name).toBe('late');
  });

  it('stops serving from memory when closed', async () => {
    const ctx = new PostgresContext(pool, backends.schema, 'test', false);
    const own = new ConfigCache(ctx);
    const store = new PostgresAgentStore(ctx, own);
    const agent = makeAgent({ name: 'closing' });
    await backends.agents.putAgent(agent);
    await store.getAgent(agent.id);
    await until(() => own.live, 'the LISTEN connection');
    await own.close();
    expect(own.live).toBe(false);
    const before = sent.get('agent_get') ?? 0;
    await store.getAgent(agent.id);
    await store.getAgent(agent.id);
    expect((sent.get('agent_get') ?? 0) - before).toBe(2);
  });

  it('reconnects when its LISTEN connection is killed, and does not serve what changed meanwhile', async () => {
    const ownPool = new pg.Pool({ connectionString: DATABASE_URL, max: 4, application_name: 'config-cache-owner' });
    const ctx = new PostgresContext(ownPool, backends.schema, 'test', false);
    const own = new ConfigCache(ctx);
    const store = new PostgresAgentStore(ctx, own);
    try {
      const agent = makeAgent({ name: 'before the loss' });
      await backends.agents.putAgent(agent);
      await store.getAgent(agent.id);
      await until(() => own.live, 'the LISTEN connection');
      expect((await store.getAgent(agent.id))?.name).toBe('before the loss');
      const admin = new pg.Client({ connectionString: DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'config-cache-owner' AND query LIKE 'LISTEN%'`,
        );
      } finally {
        await admin.end();
      }
      await until(() => !own.live, 'the lost connection to be noticed');
      // Changed while nobody listened: the reconnected cache starts empty, so the change is read.
      await backends.agents.putAgent({ ...agent, name: 'after the loss' });
      await until(() => own.live, 'the reconnect');
      expect((await store.getAgent(agent.id))?.name).toBe('after the loss');
    } finally {
      await own.close();
      await ownPool.end();
    }
  });
});
