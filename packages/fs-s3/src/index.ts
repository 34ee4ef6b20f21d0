export {
  MIN_PART_BYTES,
  parseS3FileSystemConfig,
  type S3FileSystemConfig,
  type S3FileSystemConfigInput,
  S3FileSystemConfigSchema,
} from './config.js';
export { escapeSegment, SessionKeys, unescapeSegment } from './object-keys.js';
export { createS3Client, S3SessionFileSystem, type S3SessionFileSystemOptions } from './s3-session-file-system.js';
export { type S3SessionFileSystemFactoryOptions, s3SessionFileSystemFactory } from './s3-session-file-system-factory.js';
