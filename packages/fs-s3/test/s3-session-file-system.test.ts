import { createServer } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { contentHash, SessionId } from '@org/core';
import { describeWithService } from '@org/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3SessionFileSystem, s3SessionFileSystemFactory } from '../src/index.js';
import { countS3Requests, type S3RequestCounter } from '../src/test-server/index.js';
import { s3ForTests, uniquePrefix } from './s3-test-server.js';

const { status, server } = await s3ForTests();
const MiB = 1024 * 1024;

function typed(name: string) {
  return expect.objectContaining({ name });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describeWithService(status, 'S3SessionFileSystem (S3 specifics)', () => {
  const prefix = uniquePrefix('fs');
  let fs: S3SessionFileSystem;
  let requests: S3RequestCounter;

  beforeAll(() => {
    fs = new S3SessionFileSystem({ ...server!.config, prefix, maxFileBytes: 8 * MiB, multipartThresholdBytes: 5 * MiB, multipartPartBytes: 5 * MiB });
    requests = countS3Requests(fs.client);
  });
  afterAll(async () => {
    fs?.destroy();
    await server?.stop();
  });

  describe('object layout', () => {
    it('stores files at <prefix>/<sessionId>/<escaped path> with their attributes as metadata', async () => {
      const s = SessionId.generate();
      await fs.write(s, '/workspace/docs/read me.md', '# hi');
      await fs.write(s, '/bin/blob', Buffer.from([0, 255, 1]).toString('base64'), { encoding: 'base64' });
      const text = await fs.client.send(new HeadObjectCommand({ Bucket: fs.config.bucket, Key: `${prefix}/${s}/docs/read%20me.md` }));
      expect(text.Metadata).toMatchObject({ encoding: 'text', readonly: 'false', 'content-hash': contentHash('# hi') });
      expect(text.ContentLength).toBe(4);
      // Binary content is stored as its bytes, so other S3 tools see the real file.
      const binary = await fs.client.send(new GetObjectCommand({ Bucket: fs.config.bucket, Key: `${prefix}/${s}/bin/blob` }));
      expect([...(await binary.Body!.transformToByteArray())]).toEqual([0, 255, 1]);
      expect(binary.Metadata).toMatchObject({ encoding: 'base64' });
      expect(await fs.stat(s, '/bin/blob')).toMatchObject({ sizeBytes: 4, encoding: 'base64' });
    });

    it('keeps weird paths inside their session: no other session and no key outside the prefix', async () => {
      const owner = SessionId.generate();
      const neighbour = SessionId.generate();
      const paths = ['/a%2F..%2F..%2Fx', '/%2e%2e/up.txt', '/.../three dots', '/ü ñ/ファイル 📄.txt', "/q?a=1&b#f/!'()*~", '/back\\..\\slash'];
      for (const path of paths) await fs.write(owner, path, `content of ${path}`);
      for (const path of paths) expect((await fs.read(owner, path))?.content, path).toBe(`content of ${path}`);
      expect((await fs.list(neighbour, '/')).totalCount).toBe(0);
      expect((await fs.grep(neighbour, 'content')).matches).toEqual([]);
      const all = await fs.client.send(new ListObjectsV2Command({ Bucket: fs.config.bucket, Prefix: `${prefix}/` }));
      const ownerKeys = (all.Contents ?? []).map((object) => object.Key!).filter((key) => key.includes(owner));
      expect(ownerKeys).toHaveLength(paths.length);
      for (const key of ownerKeys) expect(key.startsWith(`${prefix}/${owner}/`), key).toBe(true);
      const root = await fs.list(owner, '/');
      expect(root.entries.map((entry) => entry.name).sort()).toEqual(['%2e%2e', '...', 'a%2F..%2F..%2Fx', 'back\\..\\slash', 'q?a=1&b#f', 'ü ñ'].sort());
    });
  });

  describe('requests per operation', () => {
    it('reads with one GET, stats with one HEAD, overwrites with HEAD + PUT, creates-only with 2 lists + PUT', async () => {
      const s = SessionId.generate();
      await fs.write(s, '/dir/a.txt', 'one');
      requests.reset();
      await fs.read(s, '/dir/a.txt');
      expect(requests.byCommand()).toEqual({ GetObjectCommand: 1 });
      requests.reset();
      await fs.stat(s, '/dir/a.txt');
      expect(requests.byCommand()).toEqual({ HeadObjectCommand: 1 });
      requests.reset();
      await fs.write(s, '/dir/a.txt', 'two');
      expect(requests.byCommand()).toEqual({ HeadObjectCommand: 1, PutObjectCommand: 1 });
      requests.reset();
      await fs.write(s, '/dir/b.txt', 'new', { ifNoneMatch: true });
      expect(requests.byCommand()).toEqual({ ListObjectsV2Command: 2, PutObjectCommand: 1 });
      requests.reset();
      await fs.list(s, '/dir');
      // One page, then one HEAD per returned file for the metadata S3 listings lack.
      expect(requests.byCommand()).toEqual({ ListObjectsV2Command: 1, HeadObjectCommand: 2 });
      requests.reset();
      const found = await fs.grep(s, 'new');
      expect(found.matches).toEqual([{ path: '/dir/b.txt', lineNumber: 1, line: 'new' }]);
      expect(requests.byCommand()).toEqual({ ListObjectsV2Command: 1, GetObjectCommand: 2 });
    });

    it('refuses an over-limit file before sending anything', async () => {
      const small = new S3SessionFileSystem({ ...server!.config, prefix, maxFileBytes: 1024 });
      const counter = countS3Requests(small.client);
      await expect(small.write(SessionId.generate(), '/big.txt', 'x'.repeat(1025))).rejects.toEqual(typed('FileTooLargeError'));
      expect(counter.total()).toBe(0);
      small.destroy();
    });
  });

  describe('multipart uploads', () => {
    it('uploads a file above the threshold in parts and reads it back intact', async () => {
      const s = SessionId.generate();
      const content = 'abcdefghij'.repeat(600 * 1024 + 7); // ~5.9 MiB: two parts
      requests.reset();
      const info = await fs.write(s, '/large/data.txt', content);
      expect(requests.byCommand()).toMatchObject({ CreateMultipartUploadCommand: 1, UploadPartCommand: 2, CompleteMultipartUploadCommand: 1 });
      expect(requests.byCommand().PutObjectCommand).toBeUndefined();
      expect(info).toMatchObject({ sizeBytes: content.length, contentHash: contentHash(content) });
      const read = await fs.read(s, '/large/data.txt');
      expect(read?.content.length).toBe(content.length);
      expect(read?.content === content).toBe(true);
      expect(read?.contentHash).toBe(contentHash(content));
    });

    it('honours create-only on the completing request: the second large create-only write conflicts', async () => {
      const s = SessionId.generate();
      const content = 'z'.repeat(5 * MiB + 1);
      await fs.write(s, '/once.bin.txt', content, { ifNoneMatch: true });
      await expect(fs.write(s, '/once.bin.txt', `${content}!`, { ifNoneMatch: true })).rejects.toEqual(typed('ConflictError'));
      expect((await fs.stat(s, '/once.bin.txt'))?.sizeBytes).toBe(content.length);
    });
  });

  describe('conditional writes', () => {
    it('the test server enforces If-None-Match and If-Match like S3', async () => {
      const key = `${prefix}/raw/conditional.txt`;
      const put = (extra: { IfNoneMatch?: string; IfMatch?: string }) =>
        fs.client.send(new PutObjectCommand({ Bucket: fs.config.bucket, Key: key, Body: 'x', ...extra }));
      const first = await put({ IfNoneMatch: '*' });
      await expect(put({ IfNoneMatch: '*' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
      await expect(put({ IfMatch: '"0123456789abcdef0123456789abcdef"' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
      await expect(put({ IfMatch: first.ETag! })).resolves.toBeDefined();
    });

    it('lets exactly one of 5 racing edits based on the same read win', async () => {
      const s = SessionId.generate();
      const base = await fs.write(s, '/shared.txt', 'v0');
      const edits = Array.from({ length: 5 }, (_, i) => fs.write(s, '/shared.txt', `edit ${i}`, { ifMatch: base.contentHash! }));
      const results = await Promise.allSettled(edits);
      const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) if (result.status === 'rejected') expect(result.reason).toEqual(typed('ConflictError'));
      expect((await fs.read(s, '/shared.txt'))?.content).toBe(`edit ${winners[0]}`);
    });

    it('keeps createdAt across overwrites and never overwrites a file seeded read-only', async () => {
      const s = SessionId.generate();
      const first = await fs.write(s, '/kept.txt', 'a');
      const second = await fs.write(s, '/kept.txt', 'b');
      expect(second.createdAt).toBe(first.createdAt);
      await fs.seed(s, { path: '/locked.txt', content: 'seeded', encoding: 'text', isReadonly: true });
      const racing = await Promise.allSettled(Array.from({ length: 4 }, () => fs.write(s, '/locked.txt', 'changed')));
      for (const result of racing) expect(result).toMatchObject({ status: 'rejected', reason: typed('ReadOnlyFileError') });
      expect((await fs.read(s, '/locked.txt'))?.content).toBe('seeded');
    });

    it('still checks conditions (by HEAD) when conditional requests are turned off', async () => {
      const plain = new S3SessionFileSystem({ ...server!.config, prefix, conditionalWrites: false });
      const s = SessionId.generate();
      await plain.write(s, '/a.txt', 'a', { ifNoneMatch: true });
      await expect(plain.write(s, '/a.txt', 'again', { ifMatch: contentHash('other') })).rejects.toEqual(typed('ConflictError'));
      await expect(plain.write(s, '/a.txt', 'b', { ifMatch: contentHash('a') })).resolves.toMatchObject({ contentHash: contentHash('b') });
      plain.destroy();
    });
  });

  describe('typed errors', () => {
    it('names a missing bucket: at factory create(), and on any call', async () => {
      const config = { ...server!.config, bucket: 'no-such-bucket-here', prefix };
      await expect(s3SessionFileSystemFactory(config).create()).rejects.toEqual(
        expect.objectContaining({ name: 'ConfigurationError', message: expect.stringContaining('no-such-bucket-here') }),
      );
      const unchecked = (await s3SessionFileSystemFactory(config, { verifyBucket: false }).create()) as S3SessionFileSystem;
      await expect(unchecked.list(SessionId.generate(), '/')).rejects.toEqual(
        expect.objectContaining({ name: 'ConfigurationError', message: expect.stringContaining('no-such-bucket-here') }),
      );
      unchecked.destroy();
    });

    it.skipIf(server?.external === true)('reports unknown credentials as denied access to the bucket', async () => {
      const denied = new S3SessionFileSystem({ ...server!.config, prefix, credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'wrong' } });
      await expect(denied.read(SessionId.generate(), '/x.txt')).rejects.toEqual(
        expect.objectContaining({ name: 'ConfigurationError', message: expect.stringContaining('access denied') }),
      );
      denied.destroy();
    });

    it('reports an unreachable server as StorageUnavailableError after the SDK retries', async () => {
      const port = await closedPort();
      const offline = new S3SessionFileSystem({ ...server!.config, endpoint: `http://127.0.0.1:${port}`, prefix, retry: { maxAttempts: 2 } });
      const counter = countS3Requests(offline.client);
      await expect(offline.stat(SessionId.generate(), '/x.txt')).rejects.toEqual(typed('StorageUnavailableError'));
      expect(counter.total()).toBe(2);
      offline.destroy();
    });
  });
});
