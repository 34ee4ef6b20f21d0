import { probeService, type ServiceStatus } from '@org/testkit';
import { startTestS3Server, type TestS3Server } from '../src/test-server/index.js';

/**
 * Starts the test S3 server (or uses `S3_ENDPOINT`) once for a test file and
 * reports it as a service status for `describeWithService`: a server that
 * cannot start skips loudly in development and fails in CI.
 */
export async function s3ForTests(): Promise<{ status: ServiceStatus; server: TestS3Server | undefined }> {
  let server: TestS3Server | undefined;
  const status = await probeService(
    'S3 (s3rver test server or S3_ENDPOINT)',
    async () => {
      server = await startTestS3Server();
    },
    25_000,
  );
  return { status, server };
}

/** A key prefix unique to one test file run, so runs against a shared outside bucket never collide. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
