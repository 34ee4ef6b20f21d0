import { SessionId, Timestamp, ValidationError } from '@org/core';

/** Position after the last session of a page: its `createdAt` and id. */
export interface SessionCursor {
  createdAt: string;
  id: SessionId;
}

/** Encodes a position as an opaque, URL-safe string. */
export function encodeSessionCursor(cursor: SessionCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** Decodes a cursor from `encodeSessionCursor`; anything else is a `ValidationError`. */
export function decodeSessionCursor(cursor: string): SessionCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && Timestamp.safeParse(parsed[0]).success && SessionId.is(parsed[1])) {
    return { createdAt: parsed[0] as string, id: parsed[1] };
  }
  throw new ValidationError('invalid session list cursor: pass back a nextCursor from listSessions', [{ path: 'cursor', message: 'not a cursor' }]);
}
