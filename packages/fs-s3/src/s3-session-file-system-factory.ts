import type { SessionFileSystemFactory } from '@org/core';
import { parseS3FileSystemConfig, type S3FileSystemConfigInput } from './config.js';
import { S3SessionFileSystem, type S3SessionFileSystemOptions } from './s3-session-file-system.js';

/** Options of {@link s3SessionFileSystemFactory}. */
export interface S3SessionFileSystemFactoryOptions extends S3SessionFileSystemOptions {
  /** Check the bucket (one HeadBucket) when the file system is created, so a missing bucket fails at start-up. Default true. */
  verifyBucket?: boolean;
}

/**
 * A factory for {@link S3SessionFileSystem}. The configuration is validated
 * at once (a bad one throws `ConfigurationError` here); `create()` checks the
 * bucket exists and is accessible unless `verifyBucket` is false.
 */
export function s3SessionFileSystemFactory(config: S3FileSystemConfigInput, options: S3SessionFileSystemFactoryOptions = {}): SessionFileSystemFactory {
  const parsed = parseS3FileSystemConfig(config);
  const { verifyBucket = true, ...fileSystemOptions } = options;
  return {
    name: 's3',
    async create() {
      const fileSystem = new S3SessionFileSystem(parsed, fileSystemOptions);
      if (verifyBucket) await fileSystem.verifyBucket();
      return fileSystem;
    },
  };
}
