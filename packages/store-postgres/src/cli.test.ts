import { describeWithService } from '@org/testkit';
import { afterAll, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { DATABASE_URL, dropSchema, postgresService, randomSchema } from './test-support/database.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describeWithService(postgresService, 'store-postgres CLI', () => {
  const schema = randomSchema();
  afterAll(async () => {
    await dropSchema(schema);
  });

  it('shows pending migrations, applies them, then reports up to date', async () => {
    const before = capture();
    expect(await runCli(['status', '--schema', schema], { DATABASE_URL }, before.io)).toBe(0);
    expect(before.out.join('\n')).toMatch(/version 0 of \d+[\s\S]*pending 001_initial/);

    const migrated = capture();
    expect(await runCli(['migrate', '--url', DATABASE_URL, '--schema', schema], {}, migrated.io)).toBe(0);
    expect(migrated.out.join('\n')).toMatch(/applied 001_initial/);

    const after = capture();
    expect(await runCli(['status', '--schema', schema], { DATABASE_URL }, after.io)).toBe(0);
    expect(after.out.at(-1)).toBe('up to date');
  });

  it('explains usage errors with exit code 2', async () => {
    const noUrl = capture();
    expect(await runCli(['migrate'], {}, noUrl.io)).toBe(2);
    expect(noUrl.err.join('\n')).toMatch(/pass --url or set DATABASE_URL/);
    const unknown = capture();
    expect(await runCli(['explode'], { DATABASE_URL }, unknown.io)).toBe(2);
    const badSchema = capture();
    expect(await runCli(['status', '--schema', 'Bad-Name'], { DATABASE_URL }, badSchema.io)).toBe(2);
  });

  it('fails with exit code 1 and the address when the database is unreachable', async () => {
    const result = capture();
    expect(await runCli(['status', '--url', 'postgres://postgres@127.0.0.1:1/test'], {}, result.io)).toBe(1);
    expect(result.err.join('\n')).toMatch(/StorageUnavailableError: PostgreSQL at 127\.0\.0\.1:1\/test is unavailable/);
  });
});
