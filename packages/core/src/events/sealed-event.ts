import { ValidationError } from '../errors.js';
import type { Event } from './event.js';

/**
 * Brands event batches the runtime built itself (typed code) with a private
 * field: unforgeable outside this module and far cheaper to add and test
 * than a WeakSet entry (measured ~3× on Node 20). The base class returns its
 * argument, so `new SealBrand(batch)` adds the field to the array itself.
 */
// biome-ignore lint/complexity/useArrowFunction: a base class must be constructible, which an arrow function is not.
class SealBrand extends (function (target: object) {
  return target;
} as unknown as new (target: object) => object) {
  #sealed = true;
  static has(value: object): boolean {
    return #sealed in value;
  }
}

/**
 * Deep-freezes a plain JSON-like value in place and returns it. Already
 * frozen subtrees are skipped. Values that cannot be stored as JSON
 * (functions, symbols, bigints) are a `ValidationError`.
 */
export function deepFreezeJson<T>(value: T, what: string): T {
  freeze(value, what);
  return value;
}

function freeze(value: unknown, what: string): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new ValidationError(`invalid ${what}: it holds a ${typeof value}, which cannot be stored`, [{ path: '', message: 'not storable' }]);
    }
    return;
  }
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) freezeChild(value[i], what);
    return;
  }
  for (const key in value) freezeChild((value as Record<string, unknown>)[key], what);
}

/** Skips primitives without a call (the common case): measured fastest on events. */
function freezeChild(child: unknown, what: string): void {
  if (child === null) return;
  const type = typeof child;
  if (type === 'object' ? !Object.isFrozen(child) : type === 'function' || type === 'symbol' || type === 'bigint') freeze(child, what);
}

/**
 * @internal Marks a batch of events built by the runtime's own typed code
 * (one append, or one live-only publish) as well-formed, and freezes the
 * array so nothing can be slipped into it afterwards. Not exported from the
 * package: only the runtime seals. The brand sits on the batch, not on each
 * event: a private field added to an event literal would give every stored
 * event a property array of its own (about 37 bytes each). The events are not
 * frozen here: freezing costs about a microsecond per event, so whoever
 * shares an event with other code (a store handing it out, a bus delivering
 * it, a `streamTurn` listener) freezes it then, once.
 */
export function sealBatch<B extends readonly Event[]>(events: B): B {
  new SealBrand(events);
  return Object.freeze(events);
}

/**
 * True for a batch of events the runtime emitted (built by its typed code,
 * and only ever held by the runtime until a store or bus takes it): boundary
 * checks may skip its events, and an in-memory store may keep them as they
 * are, freezing them only when it hands them out. Anything else (events from
 * other code, from the wire, or from another copy of this package) is false
 * and gets the full boundary check.
 */
export function isSealedBatch(value: unknown): value is readonly Event[] {
  return Array.isArray(value) && SealBrand.has(value);
}
