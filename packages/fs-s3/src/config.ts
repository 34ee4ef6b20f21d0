import { ConfigurationError, DEFAULT_MAX_FILE_BYTES } from '@org/core';
import { z } from 'zod';

/** S3's smallest part (except the last) of a multipart upload. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

const PrefixSchema = z
  .string()
  .max(512)
  .transform((prefix) => prefix.replace(/^\/+|\/+$/g, ''))
  .refine((prefix) => prefix === '' || prefix.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'), {
    message: 'prefix segments must be non-empty and not "." or ".."',
  });

/** Configuration of {@link S3SessionFileSystem}, validated with zod at construction. */
export const S3FileSystemConfigSchema = z.object({
  /** Bucket holding every session's files. It must exist. */
  bucket: z.string().min(3).max(255),
  /** Key prefix in front of `<sessionId>/`; leading and trailing `/` are dropped. Default `sessions`. */
  prefix: PrefixSchema.default('sessions'),
  /** Endpoint URL for S3-compatible servers (MinIO, R2, local); omit for AWS. */
  endpoint: z.url().optional(),
  /** Region; `auto` for R2. Default `us-east-1`. */
  region: z.string().min(1).default('us-east-1'),
  /** Static credentials; omit to use the SDK's default provider chain (env, profile, instance role). */
  credentials: z
    .object({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().min(1).optional(),
    })
    .optional(),
  /** Path-style URLs (`endpoint/bucket/key`); needed by most local servers and MinIO. Default false. */
  forcePathStyle: z.boolean().default(false),
  /** Largest file, as stored (`sizeBytes`); larger writes fail before any upload. Default 10 MiB. */
  maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  /** Bodies larger than this go up as a multipart upload. Default 8 MiB; at least 5 MiB. */
  multipartThresholdBytes: z.number().int().min(MIN_PART_BYTES).default(8 * 1024 * 1024),
  /** Size of each multipart part (the last may be smaller). Default 8 MiB; at least 5 MiB. */
  multipartPartBytes: z.number().int().min(MIN_PART_BYTES).default(8 * 1024 * 1024),
  /**
   * Send `If-None-Match`/`If-Match` on writes (default true). Turn off only for
   * a server that rejects them; the file system then relies on its own HEAD
   * checks, which leave a small race window between the check and the write.
   */
  conditionalWrites: z.boolean().default(true),
  /** Retries of throttling, 5xx and network errors, through the SDK's retry strategy. */
  retry: z
    .object({
      /** Attempts per request, first included. Default 3. */
      maxAttempts: z.number().int().min(1).max(20).default(3),
      /** `standard` (exponential back-off) or `adaptive` (adds client-side rate limiting). */
      mode: z.enum(['standard', 'adaptive']).default('standard'),
    })
    .default({ maxAttempts: 3, mode: 'standard' }),
  /** Parallel requests one call may issue (list enrichment, grep prefetch, recursive delete). Default 8. */
  requestConcurrency: z.number().int().min(1).max(64).default(8),
});

/** What callers pass (defaults optional). */
export type S3FileSystemConfigInput = z.input<typeof S3FileSystemConfigSchema>;
/** Validated configuration with defaults applied. */
export type S3FileSystemConfig = z.output<typeof S3FileSystemConfigSchema>;

/** Validates the configuration; a bad one is a `ConfigurationError` listing every issue. */
export function parseS3FileSystemConfig(input: unknown): S3FileSystemConfig {
  const result = S3FileSystemConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
  throw new ConfigurationError(`invalid S3 file system configuration: ${issues.join('; ')}`);
}
