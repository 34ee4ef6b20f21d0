import { SessionId, ValidationError } from '@org/core';

/** Where a session page ended: the last session's creation time (ms) and id. */
export interface SessionCursorPosition {
  createdAtMs: number;
  id: SessionId;
}

/** Encodes a page position as an opaque, URL-safe cursor. */
export function encodeSessionCursor(position: SessionCursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAtMs, position.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeSessionCursor}; anything else is a `ValidationError`. */
export function decodeSessionCursor(cursor: string): SessionCursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && Number.isFinite(decoded[0]) && SessionId.is(decoded[1])) {
      return { createdAtMs: decoded[0] as number, id: decoded[1] };
    }
  } catch {
    // fall through to the error below: a cursor that is not ours
  }
  throw new ValidationError('invalid session list cursor: pass back the nextCursor of a previous page', [
    { path: 'cursor', message: 'not a cursor issued by this store' },
  ]);
}

/** Sort order of session lists: newest `createdAt` first, then id descending. */
export function compareSessionPositions(a: SessionCursorPosition, b: SessionCursorPosition): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}
