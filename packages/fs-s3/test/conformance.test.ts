import { CONFORMANCE_MAX_FILE_BYTES, describeSessionFileSystemConformance, describeWithService } from '@org/testkit';
import { afterAll } from 'vitest';
import { S3SessionFileSystem } from '../src/index.js';
import { s3ForTests, uniquePrefix } from './s3-test-server.js';

const { status, server } = await s3ForTests();

describeWithService(status, 'S3SessionFileSystem against a real S3 HTTP server', () => {
  afterAll(async () => {
    await server?.stop();
  });
  describeSessionFileSystemConformance(
    {
      name: 's3',
      create: () => new S3SessionFileSystem({ ...server!.config, prefix: uniquePrefix('conformance'), maxFileBytes: CONFORMANCE_MAX_FILE_BYTES }),
      destroy: (fs) => (fs as S3SessionFileSystem).destroy(),
    },
    { maxFileBytes: CONFORMANCE_MAX_FILE_BYTES },
  );
});
