/**
 * The character codes of one id, `prefix_` followed by 32 hex digits, kept
 * in an array exactly one id long that already holds the prefix. Writers fill
 * the digits in place and {@link IdCharCodes.text} makes the id as one flat
 * string with a single `String.fromCharCode` call: `+`-concatenation would
 * leave a rope of ~16 string nodes per id (memory for every stored event,
 * time when first read). Each id kind keeps its own: one array shared by
 * prefixes of different lengths would be resized on every id.
 */
export class IdCharCodes {
  readonly codes: number[];
  /** Where the 32 hex digits start. */
  readonly offset: number;

  constructor(prefix: string) {
    this.codes = Array.from(`${prefix}_${'0'.repeat(32)}`, (c) => c.charCodeAt(0));
    this.offset = prefix.length + 1;
  }

  /** The id currently held, as one flat string. */
  text(): string {
    return String.fromCharCode.apply(null, this.codes);
  }
}
