import type { FileEncoding } from '@org/core';
import { z } from 'zod';

/**
 * File attributes kept as S3 user metadata (`x-amz-meta-*`), so a HEAD or GET
 * returns them with no extra request. Keys are lower-case because S3 returns
 * them that way.
 */
export interface FileAttributes {
  encoding: FileEncoding;
  isReadonly: boolean;
  /** `sha256:<hex>` of the content as the file system sees it (see core's `contentHash`). */
  contentHash: string | undefined;
  createdAt: string | undefined;
  updatedAt: string | undefined;
}

const MetadataSchema = z.object({
  encoding: z.enum(['text', 'base64']).catch('text'),
  readonly: z
    .enum(['true', 'false'])
    .catch('false')
    .transform((value) => value === 'true'),
  'content-hash': z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .optional()
    .catch(undefined),
  'created-at': z.iso.datetime({ offset: true }).optional().catch(undefined),
  'updated-at': z.iso.datetime({ offset: true }).optional().catch(undefined),
});

/** The metadata to store with a file or directory marker. */
export function toObjectMetadata(attributes: FileAttributes): Record<string, string> {
  const metadata: Record<string, string> = {
    encoding: attributes.encoding,
    readonly: String(attributes.isReadonly),
  };
  if (attributes.contentHash !== undefined) metadata['content-hash'] = attributes.contentHash;
  if (attributes.createdAt !== undefined) metadata['created-at'] = attributes.createdAt;
  if (attributes.updatedAt !== undefined) metadata['updated-at'] = attributes.updatedAt;
  return metadata;
}

/**
 * Reads attributes back. Objects written by other tools (no or odd metadata)
 * are treated as writable text files with unknown hash and times, never as an
 * error: the bucket is a boundary this package does not own.
 */
export function fromObjectMetadata(metadata: Record<string, string> | undefined): FileAttributes {
  const lowerCased = Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
  const parsed = MetadataSchema.parse(lowerCased);
  return {
    encoding: parsed.encoding,
    isReadonly: parsed.readonly,
    contentHash: parsed['content-hash'],
    createdAt: parsed['created-at'],
    updatedAt: parsed['updated-at'],
  };
}
