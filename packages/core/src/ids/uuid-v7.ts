import { IdCharCodes } from './id-char-codes.js';

/**
 * UUID v7 (RFC 9562) as 32 lowercase hex characters, generated fast: random
 * bytes come from a pooled `crypto.getRandomValues` buffer, and ids made in
 * the same millisecond use the 12-bit `rand_a` field as a counter, so ids
 * sort in creation order within one process (RFC 9562, method 1). Ids are
 * made on every event, so this sits on the runtime's hot path.
 */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
let lastMs = -1;
let counter = 0;
/** The 12 hex character codes of `lastMs` (the 48-bit timestamp), rewritten once per millisecond. */
const timeCodes: number[] = new Array(12).fill(0x30);

/** Reserves `count` random bytes of the pool and returns the offset of the first (no view object per id). */
function random(count: number): number {
  if (poolOffset + count > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += count;
  return at;
}

/** Advances the clock state for one more id made at `ms`: a new millisecond, or the next counter value within it. */
function tick(ms: number): void {
  if (ms > lastMs) {
    setTime(ms);
    // Start each millisecond at a random point in the lower half, leaving room to count up.
    counter = (pool[random(1)] as number) << 3;
  } else if (++counter > 0xfff) {
    // Counter exhausted within one millisecond: borrow the next millisecond.
    setTime(lastMs + 1);
    counter = 0;
  }
}

function setTime(ms: number): void {
  lastMs = ms;
  let rest = ms;
  for (let i = 11; i >= 0; i--) {
    timeCodes[i] = HEX_CODES[rest % 16] as number;
    rest = Math.floor(rest / 16);
  }
}

/** Writes a fresh UUID v7 for time `ms` as 32 lowercase hex character codes into `codes` from `offset` on. */
function writeUuidV7(codes: number[], offset: number, ms: number): void {
  tick(ms);
  let at = offset;
  for (let i = 0; i < 12; i++) codes[at++] = timeCodes[i] as number;
  codes[at++] = 0x37; // version 7
  codes[at++] = HEX_CODES[(counter >>> 8) & 0xf] as number;
  codes[at++] = HEX_CODES[(counter >>> 4) & 0xf] as number;
  codes[at++] = HEX_CODES[counter & 0xf] as number;
  const r = random(8);
  at = putHexByte(codes, at, ((pool[r] as number) & 0x3f) | 0x80); // variant 10
  for (let i = 1; i < 8; i++) at = putHexByte(codes, at, pool[r + i] as number);
}

function putHexByte(codes: number[], at: number, byte: number): number {
  codes[at] = HEX_CODES[byte >>> 4] as number;
  codes[at + 1] = HEX_CODES[byte & 0xf] as number;
  return at + 2;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * A generator of `prefix` + `_` + a fresh UUID v7 in hex, each a flat string
 * built in the generator's own {@link IdCharCodes}.
 */
export function uuidV7Generator(prefix: string): (ms?: number) => string {
  const id = new IdCharCodes(prefix);
  const { codes, offset } = id;
  // `ms` (default: now) lets a caller that also stamps the time read the clock once for both.
  return (ms = Date.now()) => {
    writeUuidV7(codes, offset, ms);
    return id.text();
  };
}
