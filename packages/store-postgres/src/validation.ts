import { ValidationError } from '@org/core';

/** The part of a zod schema used here (core's schemas; keeps zod itself out of this package's dependencies). */
export interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Parses `value` with a core zod schema, turning a failure into a `ValidationError` that names each bad field. */
export function validate<T>(schema: SafeParser<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues);
}

/** Throws a `ValidationError` unless `value` is a typed id of the given kind. */
export function requireId<T extends string>(kind: { prefix: string; is(input: unknown): input is T }, value: unknown, what: string): T {
  if (kind.is(value)) return value;
  throw new ValidationError(`invalid ${what}: expected "${kind.prefix}_" followed by 32 lowercase hex characters, got ${JSON.stringify(value)}`, [
    { path: what, message: `not a ${kind.prefix} id` },
  ]);
}

/** Throws a `ValidationError` unless `value` is an integer within `[min, max]`. */
export function requireInteger(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new ValidationError(`invalid ${what}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, [{ path: what, message: 'out of range' }]);
}

/** Throws a `ValidationError` unless `value` is a non-empty string of at most `maxLength` characters. */
export function requireText(value: unknown, what: string, maxLength = Number.MAX_SAFE_INTEGER): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= maxLength) return value;
  throw new ValidationError(`invalid ${what}: expected a non-empty string of at most ${maxLength} characters`, [{ path: what, message: 'not a non-empty string' }]);
}

/**
 * Serialises a value for a `jsonb` column, refusing anything that is not plain
 * JSON (undefined, functions, bigints, non-finite numbers, class instances,
 * cycles) with a `ValidationError` instead of storing a lossy copy.
 */
export function toJsonText(value: unknown, what: string): string {
  const problem = findJsonProblem(value, '', new Set());
  if (problem) throw new ValidationError(`invalid ${what}: ${problem.message}${problem.path ? ` at ${problem.path}` : ''}`, [problem]);
  return JSON.stringify(value);
}

function findJsonProblem(value: unknown, path: string, ancestors: Set<object>): { path: string; message: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, message: `${value} is not a JSON number` };
  if (typeof value !== 'object') return { path, message: `a ${typeof value} is not JSON` };
  if (ancestors.has(value)) return { path, message: 'a cyclic structure is not JSON' };
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return { path, message: 'only plain objects and arrays are JSON' };
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) {
    const problem = findJsonProblem(child, path ? `${path}.${key}` : key, ancestors);
    if (problem) return problem;
  }
  ancestors.delete(value);
  return undefined;
}

/** Throws a `ValidationError` unless `value` is absent or a boolean. */
export function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ValidationError(`invalid ${what}: expected a boolean`, [{ path: what, message: 'not a boolean' }]);
}

/** Throws a `ValidationError` unless `value` is a plain object (or absent, giving `{}`). */
export function requireOptions(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ValidationError(`invalid ${what}: expected an object`, [{ path: what, message: 'not an object' }]);
}
