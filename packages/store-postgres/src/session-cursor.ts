import { SessionId, Timestamp, ValidationError } from '@org/core';
import { z } from 'zod';

const CursorShape = z.tuple([Timestamp, SessionId.schema]);

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
  const result = CursorShape.safeParse(parsed);
  if (!result.success) throw new ValidationError('invalid session list cursor: pass back a nextCursor from listSessions', [{ path: 'cursor', message: 'not a cursor' }]);
  return { createdAt: result.data[0], id: result.data[1] };
}
