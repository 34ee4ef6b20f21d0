import { z } from 'zod';
import { IdCharCodes } from './id-char-codes.js';
import { uuidV7Generator } from './uuid-v7.js';

/** A prefixed identifier such as `session_0190f3c2a1b27c3d8e9f00112233aabb`, branded by its prefix. */
export type TypedId<P extends string> = `${P}_${string}` & { readonly __idPrefix: P };

/** Why a string was not a valid id. */
export type IdErrorKind = 'InvalidPrefix' | 'InvalidLength' | 'InvalidHex';

/** Thrown when a string does not have the form `<prefix>_<32 lowercase hex>`. */
export class InvalidIdError extends Error {
  override readonly name = 'InvalidIdError';
  constructor(
    readonly kind: IdErrorKind,
    readonly prefix: string,
    readonly input: string,
  ) {
    super(`${describe(kind)}: expected "${prefix}_" followed by 32 lowercase hex characters, got ${JSON.stringify(truncate(input))}`);
  }
}

function describe(kind: IdErrorKind): string {
  if (kind === 'InvalidPrefix') return 'invalid id prefix';
  if (kind === 'InvalidLength') return 'invalid id length (expected 32 hex characters)';
  return 'invalid id hex';
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

const HEX32 = /^[0-9a-f]{32}$/;

/** The operations every id kind offers: parse, generate, fromSeed, and a zod schema. */
export interface IdKind<P extends string> {
  readonly prefix: P;
  /** zod schema accepting only well-formed ids of this kind. */
  readonly schema: z.ZodType<TypedId<P>, string>;
  /** Strictly parses an id; throws {@link InvalidIdError} naming the expected form. */
  parse(input: string): TypedId<P>;
  /** True when `input` is a well-formed id of this kind. */
  is(input: unknown): input is TypedId<P>;
  /** A new time-ordered (UUID v7) id: ids generated later sort after earlier ones. */
  generate(): TypedId<P>;
  /** A deterministic id from an integer, e.g. `fromSeed(1)` → `agent_000…001`. */
  fromSeed(seed: number | bigint): TypedId<P>;
  /** Builds an id from a raw UUID (with or without dashes). */
  fromUuid(uuid: string): TypedId<P>;
  /** The raw UUID (dashed form) inside an id. */
  uuid(id: TypedId<P>): string;
}

/** Why `input` is not an id of this prefix (callers try the exact pattern first; this names the problem). */
function check<P extends string>(prefix: P, input: string): IdErrorKind | undefined {
  if (typeof input !== 'string') return 'InvalidPrefix';
  const sep = input.lastIndexOf('_');
  if (sep < 0 || input.slice(0, sep) !== prefix) return 'InvalidPrefix';
  const hex = input.slice(sep + 1);
  if (hex.length !== 32) return 'InvalidLength';
  if (!HEX32.test(hex)) return 'InvalidHex';
  return undefined;
}

/** Builds `prefix_<hex>` for an already checked 32-character hex string, as one flat string. */
function idFromHex(prefix: string): (hex: string) => string {
  const id = new IdCharCodes(prefix);
  const { codes, offset } = id;
  return (hex) => {
    for (let i = 0; i < 32; i++) codes[offset + i] = hex.charCodeAt(i);
    return id.text();
  };
}

/** Declares an id kind for a prefix. */
export function idKind<P extends string>(prefix: P): IdKind<P> {
  const exact = new RegExp(`^${prefix}_[0-9a-f]{32}$`);
  // The last id that passed: stores check the same session id on every call, and a string compare is cheaper
  // than the regex (equal content is equally valid, so a compare that falls back to content is still right).
  let lastValid = '';
  const isValid = (input: string): boolean => {
    if (input === lastValid) return true;
    if (!exact.test(input)) return false;
    lastValid = input;
    return true;
  };
  const parse = (input: string): TypedId<P> => {
    if (typeof input === 'string' && isValid(input)) return input as TypedId<P>;
    const problem = check(prefix, input);
    if (problem) throw new InvalidIdError(problem, prefix, input);
    return input as TypedId<P>;
  };
  const withHex = idFromHex(prefix);
  const fromHex = (hex: string) => `${prefix}_${hex}` as TypedId<P>;
  const nextId = uuidV7Generator(prefix);
  const schema = z.string().transform((value, ctx) => {
    const problem = isValid(value) ? undefined : check(prefix, value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: new InvalidIdError(problem, prefix, value).message });
      return z.NEVER;
    }
    return value as TypedId<P>;
  }) as unknown as z.ZodType<TypedId<P>, string>;
  return {
    prefix,
    schema,
    parse,
    is: (input: unknown): input is TypedId<P> => typeof input === 'string' && isValid(input),
    generate: () => nextId() as TypedId<P>,
    fromSeed: (seed) => {
      const n = BigInt(seed);
      if (n < 0n || n >= 1n << 128n) throw new RangeError(`id seed must be in [0, 2^128), got ${n}`);
      return fromHex(n.toString(16).padStart(32, '0'));
    },
    // The usual input is already 32 lowercase hex (another id's UUID, e.g. a message id derived from its event's):
    // checked once and built flat, instead of a template (a rope) checked again by `parse`.
    fromUuid: (uuid) => (uuid.length === 32 && HEX32.test(uuid) ? (withHex(uuid) as TypedId<P>) : parse(`${prefix}_${uuid.replaceAll('-', '').toLowerCase()}`)),
    uuid: (id) => {
      const h = id.slice(prefix.length + 1);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
