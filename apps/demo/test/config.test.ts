import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@org/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConfig, loadConfig, resolveConfig } from '../src/config.js';

describe('demo configuration', () => {
  it('runs everything embedded when nothing is set', () => {
    const config = resolveConfig({}, {});
    expect(describeConfig(config)).toBe('stores=memory bus=memory files=memory driver=llmsim');
    expect(config.server).toEqual({ port: 3000, host: '127.0.0.1', shutdownGraceMs: 5000 });
  });

  it('infers each backend from the usual variables, independently', () => {
    const pgOnly = resolveConfig({}, { DATABASE_URL: 'postgres://postgres@db:5432/app' });
    expect(pgOnly.stores).toEqual({ kind: 'postgres', url: 'postgres://postgres@db:5432/app', schema: 'agent_runtime', migrate: true });
    expect(pgOnly.bus.kind).toBe('postgres');
    expect(pgOnly.files.kind).toBe('memory');

    const mixed = resolveConfig({}, { REDIS_URL: 'redis://cache:6379', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'agent-files' });
    expect(describeConfig(mixed)).toBe('stores=memory bus=redis files=s3 driver=llmsim');
    expect(mixed.files).toMatchObject({ kind: 's3', bucket: 'agent-files', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });

    expect(resolveConfig({}, { DEMO_FILES_ROOT: '/tmp/ws' }).files).toEqual({ kind: 'disk', root: '/tmp/ws' });
  });

  it('lets explicit kinds and the environment override the file', () => {
    const file = { stores: { kind: 'postgres', url: 'postgres://file/db', schema: 'from_file' }, server: { port: 8080 } };
    const config = resolveConfig(file, { DATABASE_URL: 'postgres://env/db', PORT: '9090', DEMO_BUS: 'memory' });
    expect(config.stores).toMatchObject({ url: 'postgres://env/db', schema: 'from_file' });
    expect(config.server.port).toBe(9090);
    expect(config.bus.kind).toBe('memory');
    // An explicit memory choice ignores DATABASE_URL.
    expect(resolveConfig({}, { DEMO_STORES: 'memory', DATABASE_URL: 'postgres://x/y' }).stores).toEqual({ kind: 'memory' });
  });

  const badCases: [string, unknown, Record<string, string>, RegExp][] = [
    ['a bad URL, naming the variable', {}, { DATABASE_URL: 'mysql://nope' }, /stores\.url: must be a postgres:\/\/ .*\(from DATABASE_URL\)/],
    ['an unknown backend kind', {}, { DEMO_BUS: 'kafka' }, /bus\.kind: .*\(from DEMO_BUS\)/],
    ['a typo in the file', { files: { kind: 's3', bukcet: 'x' } }, {}, /files(\.bucket)?: .*(bukcet|expected string)/],
    ['a missing S3 bucket', { files: { kind: 's3' } }, {}, /files\.bucket: /],
    ['a postgres bus without postgres stores', { bus: { kind: 'postgres' } }, {}, /bus\.kind: the postgres bus reads events from the PostgreSQL history store/],
    ['a port that is not a number', {}, { PORT: 'eighty' }, /server\.port: .*\(from PORT\)/],
    ['an out-of-range port', { server: { port: 70000 } }, {}, /server\.port: /],
    ['an unknown section', { storage: {} }, {}, /storage/],
  ];
  it.each(badCases)('rejects %s with a ConfigurationError naming the field', (_name, file, env, message) => {
    expect(() => resolveConfig(file, env)).toThrow(ConfigurationError);
    expect(() => resolveConfig(file, env)).toThrow(message);
  });

  it('rejects a file that does not hold an object', () => {
    expect(() => resolveConfig([1, 2], {}, 'list.json')).toThrow(/list\.json must hold a JSON object/);
  });

  describe('from a file', () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'demo-config-'));
    });
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it('reads a JSON file and layers the environment over it', async () => {
      const path = join(directory, 'demo.json');
      await writeFile(path, JSON.stringify({ files: { kind: 'disk', root: './workspaces' }, driver: { kind: 'llmsim', chunkLatencyMs: 0 } }));
      const config = await loadConfig({ configPath: path, env: { DEMO_CHUNK_LATENCY_MS: '5' } });
      expect(config.files).toEqual({ kind: 'disk', root: './workspaces' });
      expect(config.driver.chunkLatencyMs).toBe(5);
    });

    it('reports a missing file and invalid JSON clearly', async () => {
      await expect(loadConfig({ configPath: join(directory, 'missing.json'), env: {} })).rejects.toThrow(/cannot read the config file .*missing\.json/);
      const broken = join(directory, 'broken.json');
      await writeFile(broken, '{ "stores": ');
      await expect(loadConfig({ configPath: broken, env: {} })).rejects.toThrow(/broken\.json is not valid JSON/);
    });
  });
});
