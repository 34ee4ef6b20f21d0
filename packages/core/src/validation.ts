import { ValidationError } from './errors.js';

/** The part of a zod schema the boundary helpers rely on (so packages without zod can pass core's schemas). */
export interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly ValidationIssueLike[] } };
}

/** A zod issue, as far as error reporting needs it. */
export interface ValidationIssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * The `ValidationError` for a failed parse: its message names `what` and every
 * bad field (`invalid harness: name: Too small…; tools.0.name: …`), and its
 * `issues` list them one by one. An issue about the value as a whole is named
 * `rootPath` (default: the message alone).
 */
export function validationErrorFrom(what: string, issues: readonly ValidationIssueLike[], rootPath?: string): ValidationError {
  const mapped = issues.map((issue) => ({ path: issue.path.map(String).join('.') || rootPath || '', message: issue.message }));
  const summary = mapped.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return new ValidationError(`invalid ${what}: ${summary}`, mapped);
}

/** Parses `value` at a boundary; a failure throws {@link validationErrorFrom}'s error. */
export function parseOrThrow<T>(schema: SafeParser<T>, value: unknown, what: string, rootPath?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationErrorFrom(what, result.error.issues, rootPath);
}
