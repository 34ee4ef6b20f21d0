import { validationErrorFrom } from '../validation.js';
import { z } from 'zod';

/** Default largest file, as stored: 10 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Default grep bounds (see `GrepOptions`). */
export const DEFAULT_GREP_MAX_MATCHES = 1000;
export const DEFAULT_GREP_MAX_FILES = 10_000;
export const DEFAULT_GREP_MAX_BYTES = 64 * 1024 * 1024;
/** Default and largest page of a directory listing. */
export const DEFAULT_LIST_LIMIT = 200;
export const MAX_LIST_LIMIT = 1000;

/** Options every file system implementation accepts for its limits. */
export const FileSystemLimitsOptions = z.object({
  /** Largest file, as stored (`sizeBytes`); writes over it fail with `FileTooLargeError`. Default 10 MiB. */
  maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
});
export type FileSystemLimitsOptions = z.input<typeof FileSystemLimitsOptions>;
export type FileSystemLimits = z.output<typeof FileSystemLimitsOptions>;

const WriteOptionsSchema = z.object({
  encoding: z.enum(['text', 'base64']).default('text'),
  ifNoneMatch: z.boolean().default(false),
  ifMatch: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:<64 hex>"').optional(),
});
/** Validated write options with defaults applied. */
export type ResolvedWriteOptions = z.output<typeof WriteOptionsSchema>;

const ListOptionsSchema = z.object({
  offset: z.number().int().nonnegative().default(0),
  // Above the maximum is clamped rather than refused: a model asking for "everything" gets the largest page.
  limit: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_LIST_LIMIT)
    .transform((n) => Math.min(n, MAX_LIST_LIMIT)),
});
/** Validated list options with defaults applied. */
export type ResolvedListOptions = z.output<typeof ListOptionsSchema>;

const GrepOptionsSchema = z.object({
  pathPattern: z.string().max(4096).optional(),
  maxMatches: z.number().int().positive().default(DEFAULT_GREP_MAX_MATCHES),
  maxFiles: z.number().int().positive().default(DEFAULT_GREP_MAX_FILES),
  maxBytes: z.number().int().positive().default(DEFAULT_GREP_MAX_BYTES),
});
/** Validated grep options with defaults applied. */
export type ResolvedGrepOptions = z.output<typeof GrepOptionsSchema>;

function parseWith<S extends z.ZodType>(schema: S, what: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw validationErrorFrom(what, result.error.issues, what);
}

/** Validates `WriteOptions` (throws `ValidationError`). */
export function resolveWriteOptions(input: unknown): ResolvedWriteOptions {
  return parseWith(WriteOptionsSchema, 'write options', input);
}

/** Validates `ListOptions`, applying the default page of 200 and clamping to 1000. */
export function resolveListOptions(input: unknown): ResolvedListOptions {
  return parseWith(ListOptionsSchema, 'list options', input);
}

/** Validates `GrepOptions`, applying the default bounds. */
export function resolveGrepOptions(input: unknown): ResolvedGrepOptions {
  return parseWith(GrepOptionsSchema, 'grep options', input);
}

/** Validates file system limit options (throws `ValidationError`). */
export function resolveFileSystemLimits(input: unknown): FileSystemLimits {
  return parseWith(FileSystemLimitsOptions, 'file system options', input);
}
