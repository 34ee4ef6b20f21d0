/**
 * UUID v7 (RFC 9562) as 32 lowercase hex characters, generated fast: random
 * bytes come from a pooled `crypto.getRandomValues` buffer, and ids made in
 * the same millisecond use the 12-bit `rand_a` field as a counter, so ids
 * sort in creation order within one process (RFC 9562, method 1). Ids are
 * made on every event, so this sits on the runtime's hot path.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
let lastMs = -1;
let counter = 0;

function random(count: number): Uint8Array {
  if (poolOffset + count > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

export function uuidV7Hex(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    // Start each millisecond at a random point in the lower half, leaving room to count up.
    counter = (random(1)[0] as number) << 3;
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
  return (
    HEX[(high >>> 16) & 0xff] +
    (HEX[(high >>> 8) & 0xff] as string) +
    HEX[high & 0xff] +
    HEX[(low >>> 16) & 0xff] +
    HEX[(low >>> 8) & 0xff] +
    HEX[low & 0xff] +
    HEX[0x70 | (counter >>> 8)] +
    HEX[counter & 0xff] +
    HEX[((r[0] as number) & 0x3f) | 0x80] +
    HEX[r[1] as number] +
    HEX[r[2] as number] +
    HEX[r[3] as number] +
    HEX[r[4] as number] +
    HEX[r[5] as number] +
    HEX[r[6] as number] +
    HEX[r[7] as number]
  );
}
