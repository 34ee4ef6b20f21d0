import { deepFreezeJson, parseOrThrow, type SafeParser, ValidationError } from '@org/core';

export type { SafeParser };

/** Parses `value` with a core zod schema; a failure is a `ValidationError` naming `what` and every bad field. */
export function parseInput<T>(schema: SafeParser<T>, value: unknown, what: string): T {
  return parseOrThrow(schema, value, what);
}

/** Throws a `ValidationError` unless `value` is a typed id of the given kind. */
export function requireId<T extends string>(kind: { prefix: string; is(input: unknown): input is T }, value: unknown, what: string): T {
  if (kind.is(value)) return value;
  throw new ValidationError(`invalid ${what}: expected "${kind.prefix}_" followed by 32 lowercase hex characters, got ${JSON.stringify(value)}`, [
    { path: '', message: `not a ${kind.prefix} id` },
  ]);
}

/** Throws a `ValidationError` unless `value` is an integer within `[min, max]`. */
export function requireInteger(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new ValidationError(`invalid ${what}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`, [
    { path: what, message: 'out of range' },
  ]);
}

/** Throws a `ValidationError` unless `value` is a non-empty string of at most `maxLength` characters. */
export function requireText(value: unknown, what: string, maxLength = Number.MAX_SAFE_INTEGER): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= maxLength) return value;
  throw new ValidationError(`invalid ${what}: expected a non-empty string of at most ${maxLength} characters`, [
    { path: what, message: 'not a non-empty string' },
  ]);
}

/**
 * A deep copy of `value`, so the store never shares objects with its caller.
 * Values that cannot be copied (functions, class instances with private
 * state…) are a `ValidationError`, not a crash.
 */
export function cloneInput<T>(value: T, what: string): T {
  try {
    return structuredClone(value);
  } catch (error) {
    throw new ValidationError(`invalid ${what}: it holds a value that cannot be stored (${error instanceof Error ? error.message : String(error)})`, [
      { path: '', message: 'not cloneable' },
    ]);
  }
}

/**
 * Deep-freezes a plain JSON-like value in place and returns it. Stores keep
 * events and messages frozen instead of copying them: nobody can change what
 * was stored, reads need no copy, and freezing costs far less than
 * `structuredClone` on the per-atom append path. Already frozen values (such
 * as the events the runtime emits) cost one check. Values that cannot be
 * stored (functions, symbols…) are refused.
 */
export function freezeInput<T>(value: T, what: string): T {
  return deepFreezeJson(value, what);
}
