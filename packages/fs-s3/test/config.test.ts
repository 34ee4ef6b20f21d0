import { describe, expect, it } from 'vitest';
import { parseS3FileSystemConfig } from '../src/config.js';
import { s3SessionFileSystemFactory } from '../src/index.js';

describe('S3 file system configuration', () => {
  it('applies defaults and normalises the prefix', () => {
    const config = parseS3FileSystemConfig({ bucket: 'my-bucket', prefix: '/agents/files/' });
    expect(config).toMatchObject({
      bucket: 'my-bucket',
      prefix: 'agents/files',
      region: 'us-east-1',
      forcePathStyle: false,
      maxFileBytes: 10 * 1024 * 1024,
      conditionalWrites: true,
      retry: { maxAttempts: 3, mode: 'standard' },
    });
    expect(parseS3FileSystemConfig({ bucket: 'my-bucket' }).prefix).toBe('sessions');
    expect(parseS3FileSystemConfig({ bucket: 'my-bucket', prefix: '' }).prefix).toBe('');
  });

  it('refuses a bad configuration with a ConfigurationError naming every field', () => {
    const attempt = () =>
      parseS3FileSystemConfig({ bucket: '', prefix: 'a/../b', endpoint: 'not a url', multipartPartBytes: 1024, retry: { maxAttempts: 0 } });
    expect(attempt).toThrow(expect.objectContaining({ name: 'ConfigurationError', code: 'configuration' }));
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const field of ['bucket', 'prefix', 'endpoint', 'multipartPartBytes', 'retry.maxAttempts']) expect(message).toContain(field);
    }
  });

  it('validates in the factory before anything connects', () => {
    expect(() => s3SessionFileSystemFactory({ bucket: 'x' } as never)).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
    expect(s3SessionFileSystemFactory({ bucket: 'a-bucket' }).name).toBe('s3');
  });
});
