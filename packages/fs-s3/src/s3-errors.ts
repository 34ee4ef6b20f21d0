import { ConfigurationError, ConflictError, RuntimeError, StorageUnavailableError } from '@org/core';

/** The parts of an AWS SDK error this package looks at. */
interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

function statusOf(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

function codeOf(error: unknown): string | undefined {
  const { name, Code } = shape(error);
  return Code ?? name;
}

/** A missing key (`NoSuchKey`, or a bare 404 from HEAD). A missing bucket is not "not found": it is misconfiguration. */
export function isNotFound(error: unknown): boolean {
  const code = codeOf(error);
  if (code === 'NoSuchBucket') return false;
  return code === 'NoSuchKey' || code === 'NotFound' || statusOf(error) === 404;
}

/** A conditional request that did not hold (412), or a concurrent conditional write AWS refused (409). */
export function isPreconditionFailed(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'PreconditionFailed' || code === 'ConditionalRequestConflict' || statusOf(error) === 412 || statusOf(error) === 409;
}

/**
 * Turns an SDK failure into a typed runtime error:
 * - missing bucket → `ConfigurationError` naming the bucket;
 * - denied access or bad credentials (403) → `ConfigurationError` naming the bucket;
 * - failed precondition (412/409) → `ConflictError`;
 * - anything else (network, 5xx after the SDK's retries, throttling) → `StorageUnavailableError`.
 * Errors that are already runtime errors pass through.
 */
export function toRuntimeError(error: unknown, context: { bucket: string; operation: string; key?: string }): RuntimeError {
  if (error instanceof RuntimeError) return error;
  const code = codeOf(error);
  const status = statusOf(error);
  const where = `${context.operation}${context.key === undefined ? '' : ` ${context.key}`} in bucket "${context.bucket}"`;
  if (code === 'NoSuchBucket') {
    return new ConfigurationError(`S3 bucket "${context.bucket}" does not exist (${context.operation})`, { cause: error });
  }
  if (status === 403 || code === 'AccessDenied' || code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch') {
    return new ConfigurationError(`S3 access denied: ${where} (${code ?? 'HTTP 403'}); check the credentials and the bucket policy`, {
      cause: error,
    });
  }
  if (isPreconditionFailed(error)) return new ConflictError(`S3 conditional write failed: ${where}`, { cause: error });
  const detail = shape(error).message ?? String(error);
  return new StorageUnavailableError(`S3 request failed: ${where}: ${code ?? 'error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${detail}`, {
    cause: error,
  });
}
