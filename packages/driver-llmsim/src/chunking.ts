/** Words longer than this are cut into pieces, so one chunk stays token-sized. */
const MAX_PIECE_LENGTH = 12;

/**
 * Splits text into streaming chunks that look like word pieces: each chunk is
 * a word with its leading whitespace; long words are cut into pieces of at
 * most 12 code points (never inside a surrogate pair). Joining the chunks
 * gives the text back exactly; empty text gives no chunks.
 */
export function splitIntoChunks(text: string): string[] {
  if (text === '') return [];
  const words = text.match(/\s*\S+/g);
  if (!words) return [text]; // whitespace only
  const chunks: string[] = [];
  for (const word of words) chunks.push(...splitLongWord(word));
  // Trailing whitespace has no word after it; it rides on the last chunk.
  const consumed = words.reduce((length, word) => length + word.length, 0);
  if (consumed < text.length) chunks[chunks.length - 1] += text.slice(consumed);
  return chunks;
}

function splitLongWord(word: string): string[] {
  const codePoints = Array.from(word);
  if (codePoints.length <= MAX_PIECE_LENGTH) return [word];
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += MAX_PIECE_LENGTH)
    pieces.push(codePoints.slice(start, start + MAX_PIECE_LENGTH).join(''));
  return pieces;
}
