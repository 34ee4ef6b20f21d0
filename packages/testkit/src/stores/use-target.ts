import { afterAll, beforeAll } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';

/**
 * Registers `beforeAll`/`afterAll` that create and destroy the target once
 * for the enclosing suite, and returns a getter for the instance.
 */
export function useTarget<T>(target: ConformanceTarget<T>): () => T {
  let instance: { value: T } | undefined;
  beforeAll(async () => {
    instance = { value: await target.create() };
  });
  afterAll(async () => {
    if (instance) await target.destroy?.(instance.value);
    instance = undefined;
  });
  return () => {
    if (!instance) throw new Error(`conformance target "${target.name}" was not created (did its create() fail?)`);
    return instance.value;
  };
}
