// @ts-check
/**
 * A loopback S3 server for tests: s3rver behind a small HTTP proxy that
 * enforces the conditional-write headers s3rver ignores.
 *
 * Run it with `node --openssl-legacy-provider` (s3rver encrypts list
 * continuation tokens with DES, which Node 17+ only offers through the legacy
 * provider). Configuration comes from the environment:
 * - `S3_TEST_DIRECTORY` (required): where s3rver keeps its objects;
 * - `S3_TEST_BUCKET` (default `test-bucket`): created at start.
 *
 * Prints one JSON line `{"endpoint":"http://127.0.0.1:<port>"}` once both
 * servers listen, and exits when its stdin closes (so it never outlives the
 * test process) or on SIGTERM.
 *
 * Why the proxy: the file system relies on `If-None-Match: *` (create-only)
 * and `If-Match: <etag>` (compare-and-swap) on PutObject and
 * CompleteMultipartUpload. s3rver accepts but ignores them, so the proxy
 * checks them with a HEAD against s3rver first. Every write to one key is
 * serialised inside the proxy, so the check and the write are atomic, as on a
 * real S3 server.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const FilesystemStore = require('s3rver/lib/stores/filesystem');

/*
 * s3rver stores each key segment as a file name plus a 15-character suffix,
 * so segments near 255 bytes (valid in S3, whose limit is on the whole key)
 * overflow the file system's name limit. Long segments are stored under a
 * hash instead, and mapped back when s3rver lists them.
 */
const LONG_SEGMENT_BYTES = 200;
/** @type {Map<string, string>} hashed name → original segment */
const longSegments = new Map();
FilesystemStore.encodeKeyPath = (/** @type {string} */ key) =>
  key
    .split('/')
    .map((segment) => {
      if (Buffer.byteLength(segment) <= LONG_SEGMENT_BYTES) return segment;
      const hashed = `~${createHash('sha256').update(segment).digest('hex')}`;
      longSegments.set(hashed, segment);
      return hashed;
    })
    .join('/');
FilesystemStore.decodeKeyPath = (/** @type {string} */ keyPath) =>
  keyPath
    .split('/')
    .map((segment) => longSegments.get(segment) ?? segment)
    .join('/');

// A storage error inside s3rver must fail one request, not stop the server for every later test.
process.on('uncaughtException', (error) => {
  process.stderr.write(`s3 test server: ${error.stack ?? error}\n`);
});

const directory = process.env.S3_TEST_DIRECTORY;
const bucket = process.env.S3_TEST_BUCKET || 'test-bucket';
if (!directory) {
  process.stderr.write('S3_TEST_DIRECTORY is required\n');
  process.exit(2);
}

const s3rver = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
  vhostBuckets: false,
});
const upstreamAddress = await s3rver.run();
const upstreamPort = upstreamAddress.port;
const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** @type {Map<string, Promise<void>>} The tail of each key's write queue. */
const writeQueues = new Map();

/**
 * Runs `work` after every earlier write to `key` has finished.
 * @param {string} key
 * @param {() => Promise<void>} work
 */
function serialised(key, work) {
  const previous = writeQueues.get(key) ?? Promise.resolve();
  const run = previous.then(work);
  const tail = run.catch(() => {});
  writeQueues.set(key, tail);
  void tail.then(() => {
    if (writeQueues.get(key) === tail) writeQueues.delete(key);
  });
  return run;
}

/**
 * The current ETag of an object (unsigned HEAD; s3rver lets anonymous
 * requests through), or undefined when it does not exist.
 * @param {string} pathname
 * @returns {Promise<string | undefined>}
 */
function currentEtag(pathname) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: upstreamPort, method: 'HEAD', path: pathname, agent: upstreamAgent },
      (response) => {
        response.resume();
        if (response.statusCode === 404) return resolve(undefined);
        if (response.statusCode !== 200) return reject(new Error(`HEAD ${pathname} answered ${response.statusCode}`));
        const etag = response.headers.etag;
        resolve(typeof etag === 'string' ? etag : '');
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** @param {string} value */
function normaliseEtag(value) {
  return value.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

/**
 * Whether the request's conditions hold against the object's current ETag.
 * @param {http.IncomingMessage} request
 * @param {string | undefined} etag
 */
function conditionsHold(request, etag) {
  const ifNoneMatch = request.headers['if-none-match'];
  if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() === '*' && etag !== undefined) return false;
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch === 'string') {
    if (etag === undefined) return false;
    const wanted = ifMatch.split(',').map(normaliseEtag);
    if (!wanted.includes('*') && !wanted.includes(normaliseEtag(etag))) return false;
  }
  return true;
}

/**
 * @param {http.ServerResponse} response
 * @param {string} resource
 */
function answerPreconditionFailed(response, resource) {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Resource>${resource}</Resource></Error>`;
  response.writeHead(412, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * Forwards a request to s3rver unchanged (the Host header too, since it is
 * part of the SigV4 signature) and relays the answer.
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 * @returns {Promise<void>}
 */
function forward(request, response) {
  return new Promise((resolve) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: upstreamAgent,
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
        upstreamResponse.on('end', () => resolve());
        upstreamResponse.on('error', () => resolve());
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
      resolve();
    });
    request.pipe(upstream);
  });
}

/**
 * A write that replaces an object's content: PutObject (not UploadPart, not
 * CopyObject's source) or CompleteMultipartUpload, or a DeleteObject.
 * @param {http.IncomingMessage} request
 * @param {URL} url
 */
function isObjectWrite(request, url) {
  const hasKey = url.pathname.split('/').filter(Boolean).length >= 2;
  if (!hasKey) return false;
  if (request.method === 'PUT') return !url.searchParams.has('partNumber');
  if (request.method === 'POST') return url.searchParams.has('uploadId');
  return request.method === 'DELETE' && !url.searchParams.has('uploadId');
}

const proxy = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://proxy');
  if (!isObjectWrite(request, url)) {
    void forward(request, response);
    return;
  }
  const conditional = 'if-none-match' in request.headers || 'if-match' in request.headers;
  void serialised(url.pathname, async () => {
    if (conditional && request.method !== 'DELETE') {
      const etag = await currentEtag(url.pathname);
      if (!conditionsHold(request, etag)) {
        request.resume();
        answerPreconditionFailed(response, url.pathname);
        return;
      }
    }
    await forward(request, response);
  }).catch((error) => {
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
    response.end(String(error));
  });
});
proxy.keepAliveTimeout = 5000;

await new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = proxy.address();
if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${address.port}`, bucket })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  proxy.close();
  proxy.closeAllConnections();
  upstreamAgent.destroy();
  await s3rver.close().catch(() => {});
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
