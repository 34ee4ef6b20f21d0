import { ConflictError, RuntimeError, StorageUnavailableError } from '@org/core';

/** A PostgreSQL error as `pg` reports it (`code` is the SQLSTATE, or a Node errno for socket errors). */
interface PgLikeError {
  code?: string;
  message?: string;
  constraint?: string;
  detail?: string;
}

/** Node socket error codes meaning the server could not be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);

/**
 * SQLSTATEs meaning the server or connection is unavailable: class 08
 * (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now),
 * 53300 (too many connections).
 */
function isUnavailable(code: string | undefined, message: string): boolean {
  if (code === undefined) {
    // pg reports a dropped socket or an ended pool without a code.
    return /Connection terminated|connection timeout|Client has encountered a connection error|Cannot use a pool after calling end/i.test(message);
  }
  return NETWORK_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/**
 * Maps a failure of a `pg` call to the runtime's typed errors: unreachable or
 * dropped connections become `StorageUnavailableError` naming `address`;
 * unique violations become `ConflictError`. Typed runtime errors pass through.
 */
export function toStoreError(error: unknown, address: string): Error {
  if (error instanceof RuntimeError) return error;
  const pgError = (typeof error === 'object' && error !== null ? error : {}) as PgLikeError;
  const message = pgError.message ?? String(error);
  if (isUnavailable(pgError.code, message)) {
    return new StorageUnavailableError(`PostgreSQL at ${address} is unavailable: ${message}`, { cause: error });
  }
  if (pgError.code === '23505') {
    const detail = pgError.detail ? ` (${pgError.detail})` : '';
    return new ConflictError(`unique constraint ${pgError.constraint ?? ''} violated${detail}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(message);
}

/** True when `error` is a unique violation on the given constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = (typeof error === 'object' && error !== null ? error : {}) as PgLikeError;
  return pgError.code === '23505' && (constraint === undefined || pgError.constraint === constraint);
}
