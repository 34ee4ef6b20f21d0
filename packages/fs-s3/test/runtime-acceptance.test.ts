import type { RuntimeBackends } from '@org/core';
import { memoryBackends } from '@org/store-memory';
import { describeRuntimeAcceptance, describeWithService } from '@org/testkit';
import { afterAll } from 'vitest';
import { S3SessionFileSystem } from '../src/index.js';
import { countS3Requests, type S3RequestCounter } from '../src/test-server/index.js';
import { s3ForTests, uniquePrefix } from './s3-test-server.js';

const { status, server } = await s3ForTests();

/** Backends whose file system is S3, with a count of the requests it sent. */
type WithS3 = RuntimeBackends & { files: S3SessionFileSystem; s3Requests: S3RequestCounter };

// Every store and the bus in memory; the session workspaces on S3.
describeWithService(status, 'memory stores + S3SessionFileSystem', () => {
  afterAll(async () => {
    await server?.stop();
  });
  describeRuntimeAcceptance({
    name: 'memory stores + s3 files',
    create: (): WithS3 => {
      const files = new S3SessionFileSystem({ ...server!.config, prefix: uniquePrefix('runtime-acceptance') });
      return { ...memoryBackends(), files, s3Requests: countS3Requests(files.client) };
    },
    destroy: async (backends) => {
      const { files, s3Requests } = backends as WithS3;
      // The seeding and file scenarios must have gone through S3, not through some other file system.
      const writes = s3Requests.byCommand().PutObjectCommand ?? 0;
      files.destroy();
      if (writes === 0) throw new Error(`the acceptance runs wrote nothing to S3: ${JSON.stringify(s3Requests.byCommand())}`);
    },
  });
});
