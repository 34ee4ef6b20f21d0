import { ValidationError } from '@org/core';

/**
 * Throws a `ValidationError` unless `value` is plain JSON: null, booleans,
 * strings, finite numbers, arrays and plain objects of those (no undefined,
 * functions, bigints, dates, class instances or cycles). Checking here keeps
 * the in-memory store as strict as a database column of type JSON.
 */
export function assertJsonValue(value: unknown, what: string): void {
  const problem = findProblem(value, '', new Set());
  if (problem) throw new ValidationError(`invalid ${what}: ${problem.message}`, [problem]);
}

function findProblem(value: unknown, path: string, ancestors: Set<object>): { path: string; message: string } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, message: `${value} is not a JSON number` };
  if (typeof value !== 'object') return { path, message: `a ${typeof value} is not JSON` };
  if (ancestors.has(value)) return { path, message: 'a cyclic structure is not JSON' };
  const isArray = Array.isArray(value);
  const prototype = Object.getPrototypeOf(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null) return { path, message: 'only plain objects and arrays are JSON' };
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) {
    const problem = findProblem(child, path ? `${path}.${key}` : key, ancestors);
    if (problem) return problem;
  }
  ancestors.delete(value);
  return undefined;
}
