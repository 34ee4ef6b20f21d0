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

/**
 * Writes a fresh UUID v7 as 32 lowercase hex character codes into `codes`
 * from `offset` on.
 */
function writeUuidV7(codes: number[], offset: number): void {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    // Start each millisecond at a random point in the lower half, leaving room to count up.
    counter = (pool[random(1)] as number) << 3;
  } else {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      lastMs = ++ms;
      counter = 0;
    }
  }
  const r = random(8);
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  let at = putHexByte(codes, offset, (high >>> 16) & 0xff);
  at = putHexByte(codes, at, (high >>> 8) & 0xff);
  at = putHexByte(codes, at, high & 0xff);
  at = putHexByte(codes, at, (low >>> 16) & 0xff);
  at = putHexByte(codes, at, (low >>> 8) & 0xff);
  at = putHexByte(codes, at, low & 0xff);
  at = putHexByte(codes, at, 0x70 | (counter >>> 8));
  at = putHexByte(codes, at, counter & 0xff);
  at = putHexByte(codes, at, ((pool[r] as number) & 0x3f) | 0x80);
  for (let i = 1; i < 8; i++) at = putHexByte(codes, at, pool[r + i] as number);
}

function putHexByte(codes: number[], at: number, byte: number): number {
  codes[at] = HEX_CODES[byte >>> 4] as number;
  codes[at + 1] = HEX_CODES[byte & 0xf] as number;
  return at + 2;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const scratch: number[] = [];

/**
 * `prefix` + `_` + a fresh UUID v7 in hex, as one flat string. (Built from
 * character codes in one call: `+`-concatenation would leave a rope of ~16
 * string nodes per id, which costs memory for every stored event and time
 * when the id is first read.)
 */
export function uuidV7Id(prefix: string): string {
  let at = 0;
  for (let i = 0; i < prefix.length; i++) scratch[at++] = prefix.charCodeAt(i);
  scratch[at++] = 0x5f; // '_'
  writeUuidV7(scratch, at);
  scratch.length = at + 32;
  return String.fromCharCode.apply(null, scratch);
}
