/**
 * Benchmark of the S3 session file system against the local test server (or
 * `S3_ENDPOINT`): reads and writes per second for 1 KiB and 1 MiB files, list
 * latency in a 10,000-file directory, and S3 requests per tool-call-like
 * operation. `BENCH_QUICK=1` shrinks the counts for a smoke run.
 *
 *   pnpm --filter @org/fs-s3 bench
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { contentHash, type SessionId, SessionId as SessionIds } from '@org/core';
import { mapWithConcurrency } from '../src/concurrency.js';
import { S3SessionFileSystem } from '../src/index.js';
import { SessionKeys } from '../src/object-keys.js';
import { toObjectMetadata } from '../src/object-metadata.js';
import { countS3Requests, startTestS3Server } from '../src/test-server/index.js';

const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const CONCURRENCY = 8;
const KiB = 1024;
const MiB = 1024 * KiB;
const LIST_FILES = quick ? 2_000 : 10_000;

const server = await startTestS3Server();
const prefix = `bench-${Date.now().toString(36)}`;
const fs = new S3SessionFileSystem({ ...server.config, prefix, maxFileBytes: 4 * MiB, requestConcurrency: 16 });
const requests = countS3Requests(fs.client);

function perSecond(count: number, ms: number): string {
  return (count / (ms / 1000)).toFixed(1);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function throughput(label: string, sizeBytes: number, count: number): Promise<void> {
  const s = SessionIds.generate();
  const content = 'x'.repeat(sizeBytes);
  const paths = Array.from({ length: count }, (_, i) => `/bench/file-${i}.txt`);
  requests.reset();
  const createMs = await timed(() => mapWithConcurrency(paths, CONCURRENCY, (path) => fs.write(s, path, content)));
  const createRequests = requests.total() / count;
  requests.reset();
  const writeMs = await timed(() => mapWithConcurrency(paths, CONCURRENCY, (path) => fs.write(s, path, `${content.slice(1)}y`)));
  const writeRequests = requests.total() / count;
  requests.reset();
  const readMs = await timed(() => mapWithConcurrency(paths, CONCURRENCY, (path) => fs.read(s, path)));
  const readRequests = requests.total() / count;
  console.log(
    `${label.padEnd(6)} creates/s ${perSecond(count, createMs).padStart(7)} (${createRequests.toFixed(2)} req/op)   ` +
      `writes/s ${perSecond(count, writeMs).padStart(7)} (${writeRequests.toFixed(2)} req/op)   ` +
      `reads/s ${perSecond(count, readMs).padStart(7)} (${readRequests.toFixed(2)} req/op)   [${count} files, concurrency ${CONCURRENCY}]`,
  );
}

/** Fills a directory straight through PutObject (one request per file) so setup does not dominate the run. */
async function fillDirectory(s: SessionId, directory: string, count: number): Promise<void> {
  const keys = new SessionKeys(prefix, s);
  const at = new Date().toISOString();
  const indexes = Array.from({ length: count }, (_, i) => i);
  await mapWithConcurrency(indexes, 32, async (i) => {
    const content = `file ${i}\n`;
    await fs.client.send(
      new PutObjectCommand({
        Bucket: fs.config.bucket,
        Key: keys.fileKey(`${directory}/file-${String(i).padStart(5, '0')}.txt`),
        Body: content,
        Metadata: toObjectMetadata({ encoding: 'text', isReadonly: false, contentHash: contentHash(content), createdAt: at, updatedAt: at }),
      }),
    );
  });
}

async function listLatency(): Promise<void> {
  const s = SessionIds.generate();
  const fillMs = await timed(() => fillDirectory(s, '/many', LIST_FILES));
  console.log(`created ${LIST_FILES} files in ${(fillMs / 1000).toFixed(1)} s (${perSecond(LIST_FILES, fillMs)} PUT/s, concurrency 32)`);
  for (const limit of [200, 1000]) {
    const samples: number[] = [];
    let perCall = 0;
    for (let run = 0; run < 3; run += 1) {
      requests.reset();
      samples.push(await timed(() => fs.list(s, '/many', { limit, offset: LIST_FILES / 2 })));
      perCall = requests.total();
    }
    samples.sort((a, b) => a - b);
    const byCommand = requests.byCommand();
    console.log(
      `list of a ${LIST_FILES}-file directory, page of ${limit}: median ${samples[1]!.toFixed(0)} ms ` +
        `(${perCall} requests: ${byCommand.ListObjectsV2Command ?? 0} list pages + ${byCommand.HeadObjectCommand ?? 0} HEADs)`,
    );
  }
  requests.reset();
  const rootMs = await timed(() => fs.list(s, '/'));
  console.log(`list of that session's root (1 child): ${rootMs.toFixed(0)} ms, ${requests.total()} requests`);
}

async function requestsPerToolCall(): Promise<void> {
  const s = SessionIds.generate();
  await fs.write(s, '/src/main.ts', 'export const main = 1;\n');
  await fs.write(s, '/src/util.ts', 'export const util = 2;\n');
  const measure = async (tool: string, call: () => Promise<unknown>): Promise<void> => {
    requests.reset();
    await call();
    const byCommand = Object.entries(requests.byCommand())
      .map(([command, n]) => `${command.replace(/Command$/, '')}×${n}`)
      .join(' ');
    console.log(`  ${tool.padEnd(34)} ${String(requests.total()).padStart(3)}  ${byCommand}`);
  };
  console.log('S3 requests per tool call:');
  await measure('read_file', () => fs.read(s, '/src/main.ts'));
  await measure('stat_file', () => fs.stat(s, '/src/main.ts'));
  await measure('write_file (overwrite)', () => fs.write(s, '/src/main.ts', 'export const main = 2;\n'));
  await measure('write_file (new file, existing dir)', () => fs.write(s, '/src/new.ts', 'new\n'));
  await measure('write_file (new file, new dir)', () => fs.write(s, '/lib/deep/new.ts', 'new\n'));
  await measure('edit_file (read + ifMatch write)', async () => {
    const file = await fs.read(s, '/src/util.ts');
    await fs.write(s, '/src/util.ts', file!.content.replace('2', '3'), { ifMatch: file!.contentHash! });
  });
  await measure('list_directory (/src, 3 files)', () => fs.list(s, '/src'));
  await measure('grep_files (4 files)', () => fs.grep(s, 'export'));
  await measure('delete_file', () => fs.delete(s, '/src/new.ts'));
  await measure('delete_file (recursive, 1 file)', () => fs.delete(s, '/lib', { recursive: true }));
  await measure('read_file (missing)', () => fs.read(s, '/nope.txt'));
}

try {
  console.log(`S3 session file system benchmark against ${server.external ? server.config.endpoint : 'the local s3rver test server'}${quick ? ' (quick)' : ''}`);
  await throughput('1 KiB', KiB, quick ? 50 : 300);
  await throughput('1 MiB', MiB, quick ? 8 : 40);
  await listLatency();
  await requestsPerToolCall();
} finally {
  fs.destroy();
  await server.stop();
}
