import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { S3FileSystemConfigInput } from '../config.js';

/** A running S3 server for tests, and how to reach it. */
export interface TestS3Server {
  /** Connection settings for `S3SessionFileSystem` (add a `prefix` per suite). */
  config: S3FileSystemConfigInput & { endpoint: string; bucket: string };
  /** True when `S3_ENDPOINT` pointed at an outside server instead of a local one. */
  external: boolean;
  /** Stops the local server and removes its data (nothing for an outside server). */
  stop(): Promise<void>;
}

/** Options of {@link startTestS3Server}. */
export interface StartTestS3ServerOptions {
  /** Bucket to create on the local server. Default `test-bucket`. */
  bucket?: string;
  /** How long to wait for the local server to listen. Default 20 s. */
  startTimeoutMs?: number;
}

// Same relative place from src/test-server/ and dist/test-server/.
const SERVER_SCRIPT = fileURLToPath(new URL('../../scripts/s3-test-server.mjs', import.meta.url));

/**
 * Starts an S3 server for tests on 127.0.0.1 with a free port: s3rver (a
 * devDependency) in a child process run with `--openssl-legacy-provider`,
 * behind a proxy that enforces `If-None-Match`/`If-Match` on writes, storing
 * in a fresh temporary directory. Credentials are `S3RVER`/`S3RVER`.
 *
 * When `S3_ENDPOINT` is set, nothing is started: the settings come from
 * `S3_ENDPOINT`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_BUCKET`
 * (required then) and `S3_REGION`, with path-style URLs.
 */
export async function startTestS3Server(options: StartTestS3ServerOptions = {}): Promise<TestS3Server> {
  const external = externalServerFromEnvironment();
  if (external) return external;
  const bucket = options.bucket ?? 'test-bucket';
  const directory = await mkdtemp(join(tmpdir(), 'fs-s3-test-'));
  const { NODE_OPTIONS: _ignored, ...environment } = process.env;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', SERVER_SCRIPT], {
    env: { ...environment, S3_TEST_DIRECTORY: directory, S3_TEST_BUCKET: bucket },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopChild(child);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const endpoint = await readEndpoint(child, options.startTimeoutMs ?? 20_000);
    return {
      config: {
        endpoint,
        bucket,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      },
      external: false,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function externalServerFromEnvironment(): TestS3Server | undefined {
  const endpoint = process.env.S3_ENDPOINT;
  if (!endpoint) return undefined;
  const bucket = process.env.S3_BUCKET;
  if (!bucket) throw new Error('S3_ENDPOINT is set but S3_BUCKET is not: tests against an outside server need a bucket');
  const accessKeyId = process.env.S3_ACCESS_KEY_ID;
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY;
  return {
    config: {
      endpoint,
      bucket,
      region: process.env.S3_REGION ?? 'us-east-1',
      forcePathStyle: true,
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    },
    external: true,
    stop: async () => undefined,
  };
}

/** Waits for the child's `{"endpoint": …}` line; fails with its stderr if it exits or takes too long. */
function readEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => reject(new Error(`the test S3 server did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(line) as { endpoint?: unknown };
        if (typeof parsed.endpoint !== 'string') throw new Error(`unexpected first line: ${line}`);
        resolve(parsed.endpoint);
      } catch (error) {
        reject(error);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test S3 server exited with code ${code}: ${stderr}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Closes the child's stdin (its signal to stop) and waits for it to exit, killing it after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
