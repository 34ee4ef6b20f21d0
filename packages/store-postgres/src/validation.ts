import { ValidationError } from '@org/core';
import type { z } from 'zod';

/** Parses `value` with `schema`, turning a zod failure into a `ValidationError` that names each bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues, { cause: result.error });
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
