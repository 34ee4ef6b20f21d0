/** One stream entry as Redis returns it: id and flat field/value list. */
export type StreamEntry = [id: string, fields: string[]];

/**
 * Normalises an XREAD/XREADGROUP reply to `[key, entries]` pairs. RESP2 gives
 * nested pairs; RESP3 (ioredis's default) gives a map, which ioredis's legacy
 * mapping flattens to `[key, entries, key, entries…]`.
 */
export function streamsOfReply(reply: unknown): [key: string, entries: StreamEntry[]][] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  if (typeof reply[0] === 'string') {
    const pairs: [string, StreamEntry[]][] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), entriesOf(reply[i + 1])]);
    return pairs;
  }
  return reply.map((pair) => {
    const [key, entries] = pair as [unknown, unknown];
    return [String(key), entriesOf(entries)];
  });
}

/** Normalises a list of entries (XRANGE, or one stream of XREAD); deleted entries (nil fields) are kept with no fields. */
export function entriesOf(value: unknown): StreamEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry) => {
    const [id, fields] = entry as [unknown, unknown];
    return [String(id), Array.isArray(fields) ? fields.map(String) : []];
  });
}

/** The value of a field in a flat field/value list. */
export function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
