/**
 * Typed errors of the runtime. Every error carries a stable `code` so callers
 * (and adapters mapping backend failures) can branch without parsing messages.
 */
export type RuntimeErrorCode =
  | 'configuration'
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'session_busy'
  | 'sequence_conflict'
  | 'lease_lost'
  | 'storage_unavailable'
  | 'read_only'
  | 'limit_exceeded'
  | 'driver_not_registered'
  | 'provider_misconfigured'
  | 'cancelled'
  | 'internal';

/** Base class of every error the runtime and its adapters throw on purpose. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A runtime or entity is configured wrongly (missing backends, unknown capability, no model…). */
export class ConfigurationError extends RuntimeError {
  override name = 'ConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('configuration', message, options);
  }
}

/** Input failed validation at a boundary; `issues` lists what was wrong, field by field. */
export class ValidationError extends RuntimeError {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super('validation', message, options);
  }
}

/** An entity the operation needs does not exist. */
export class NotFoundError extends RuntimeError {
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
    message = `${entity} not found: ${id}`,
  ) {
    super('not_found', message);
  }
}

/** A write lost a race (create-only target exists, compare-and-swap mismatch, unique key taken). */
export class ConflictError extends RuntimeError {
  override name = 'ConflictError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
  }
}

/** Another turn holds the session and the caller asked not to wait. */
export class SessionBusyError extends RuntimeError {
  override name = 'SessionBusyError';
  constructor(readonly sessionId: string) {
    super('session_busy', `session busy: a turn is already running on ${sessionId}`);
  }
}

/**
 * An append did not continue the session's sequence (another writer appended
 * first). The stored history is unchanged.
 */
export class SequenceConflictError extends RuntimeError {
  override name = 'SequenceConflictError';
  constructor(
    readonly sessionId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super('sequence_conflict', `event sequence conflict on ${sessionId}: expected next sequence ${expected}, got ${actual}`);
  }
}

/** The caller's session lease expired or was taken over; its writes are refused (fencing). */
export class LeaseLostError extends RuntimeError {
  override name = 'LeaseLostError';
  constructor(
    readonly sessionId: string,
    message = `lease lost on ${sessionId}: another process now owns the session`,
  ) {
    super('lease_lost', message);
  }
}

/** A backend (database, Redis, object store) could not be reached or failed. */
export class StorageUnavailableError extends RuntimeError {
  override name = 'StorageUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('storage_unavailable', message, options);
  }
}

/** The operation was cancelled through its AbortSignal. */
export class CancelledError extends RuntimeError {
  override name = 'CancelledError';
  constructor(message = 'cancelled', options?: { cause?: unknown }) {
    super('cancelled', message, options);
  }
}
