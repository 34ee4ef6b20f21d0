import { parseOrThrow, type SafeParser, ValidationError } from '@org/core';

export type { SafeParser };

/** Parses `value` with a core zod schema; a failure is a `ValidationError` naming `what` and every bad field. */
export function parseInput<T>(schema: SafeParser<T>, value: unknown, what: string): T {
  return parseOrThrow(schema, value, what);
}

/** Throws a `ValidationError` unless `value` is a string (empty allowed unless `nonEmpty`). */
export function requireString(value: unknown, what: string, options: { nonEmpty?: boolean } = {}): string {
  if (typeof value === 'string' && (!options.nonEmpty || value.length > 0)) return value;
  const expected = options.nonEmpty ? 'a non-empty string' : 'a string';
  throw new ValidationError(`invalid ${what}: expected ${expected}, got ${describe(value)}`, [{ path: what, message: `not ${expected}` }]);
}

/** Throws a `ValidationError` unless `value` is an integer within `[min, max]`. */
export function requireInteger(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new ValidationError(`invalid ${what}: expected an integer from ${min} to ${max}, got ${describe(value)}`, [
    { path: what, message: 'out of range' },
  ]);
}

/** Throws a `ValidationError` unless `value` is an array; returns it typed as unknown items. */
export function requireArray(value: unknown, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new ValidationError(`invalid ${what}: expected an array, got ${describe(value)}`, [{ path: what, message: 'not an array' }]);
}

/** Throws a `ValidationError` unless `value` is one of `allowed`. */
export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ValidationError(`invalid ${what}: expected one of ${allowed.join(', ')}, got ${describe(value)}`, [
    { path: what, message: 'not an allowed value' },
  ]);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}
