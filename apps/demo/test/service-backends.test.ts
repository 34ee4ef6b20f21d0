import { randomUUID } from 'node:crypto';
import type { Event } from '@org/core';
import { startTestS3Server, type TestS3Server } from '@org/fs-s3/test-server';
import { describeWithService } from '@org/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoConfig, describeConfig, resolveConfig } from '../src/config.js';
import { type DemoRuntime, startDemoRuntime } from '../src/demo-runtime.js';
import { runScenario } from '../src/scenario.js';
import { REPORT_PATH } from '../src/scenario-script.js';
import { expectScenarioPlayedOut } from './scenario-assertions.js';
import { DATABASE_URL, probePostgresAndRedis, REDIS_URL, withPostgres } from './services.js';

const services = await probePostgresAndRedis();

describeWithService(services, 'the scenario on PostgreSQL stores, a Redis bus and S3 files', () => {
  const schema = `demo_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const keyPrefix = `demo-test-${randomUUID().slice(0, 8)}:`;
  let s3: TestS3Server;
  let config: DemoConfig;
  let first: DemoRuntime;
  let second: DemoRuntime | undefined;

  beforeAll(async () => {
    s3 = await startTestS3Server();
    const { endpoint, bucket, region, credentials } = s3.config;
    config = resolveConfig(
      {
        stores: { kind: 'postgres', url: DATABASE_URL, schema },
        bus: { kind: 'redis', url: REDIS_URL, keyPrefix, ttlSeconds: 600 },
        files: {
          kind: 's3',
          endpoint,
          bucket,
          region,
          prefix: `demo-${schema}`,
          forcePathStyle: true,
          ...(credentials ? { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey } : {}),
        },
        driver: { kind: 'llmsim', chunkLatencyMs: 2 },
      },
      {},
    );
    first = await startDemoRuntime(config, { validateEvents: true });
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await s3?.stop();
    await withPostgres((context) => context.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  });

  it('composes each backend as configured and reports them ready', async () => {
    expect(describeConfig(config)).toBe('stores=postgres bus=redis files=s3 driver=llmsim');
    const checks = await first.checkReadiness();
    expect(checks).toEqual([
      { component: 'stores', kind: 'postgres', ok: true },
      { component: 'bus', kind: 'redis', ok: true },
      { component: 'files', kind: 's3', ok: true },
    ]);
  });

  it('plays the same scenario, and a second process sees the session, its events and its files', async () => {
    const run = await runScenario(first);
    await expectScenarioPlayedOut(first, run);

    second = await startDemoRuntime(config);
    const other = second;
    expect(await other.runtime.backends.sessions.getSession(run.session.id)).toMatchObject({ id: run.session.id, title: 'Weather report' });
    expect((await other.runtime.events(run.session.id)).map((e) => e.id)).toEqual((await first.runtime.events(run.session.id)).map((e) => e.id));
    expect((await other.runtime.readFile(run.session.id, REPORT_PATH))?.content).toMatch(/\| Tokyo \|/);

    // Live events cross processes through Redis: the second runtime follows a turn the first one runs.
    const stop = new AbortController();
    const followed: Event[] = [];
    const following = (async () => {
      const last = await other.runtime.backends.history.lastSequence(run.session.id);
      for await (const event of other.runtime.subscribe(run.session.id, { after: last, signal: stop.signal })) {
        followed.push(event);
        if (event.type === 'session.idled') stop.abort();
      }
    })();
    // Give the subscription a moment to attach before the turn starts publishing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = await first.runtime.runTextTurn(run.session.id, 'Now Lima and Quito, please.');
    expect(result.success).toBe(true);
    await following;
    expect(followed.some((e) => e.type === 'output.message.delta')).toBe(true);
    const durable = followed.filter((e) => !e.ephemeral);
    const stored = await first.runtime.events(run.session.id, { after: durable[0]!.sequence - 1 });
    expect(durable.map((e) => e.id)).toEqual(stored.map((e) => e.id));
  });
});
