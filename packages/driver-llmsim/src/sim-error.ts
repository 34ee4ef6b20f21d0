import { DriverError, type DriverErrorKind } from '@org/core';
import { requireOneOf, requireString } from './validate.js';

/** Every failure a script can inject, in the order of the SPEC's table. */
export const SIM_ERROR_KINDS = [
  'rate_limit',
  'timeout',
  'overloaded',
  'transport',
  'invalid_response',
  'authentication',
  'quota_exhausted',
  'unsupported_model',
  'other',
] as const;

/** A kind of provider failure the simulator can produce. */
export type SimErrorKind = (typeof SIM_ERROR_KINDS)[number];

/** A scripted failure: its kind and, optionally, a message replacing the kind's default one. */
export interface SimError {
  kind: SimErrorKind;
  message?: string;
}

interface SimErrorProfile {
  /** HTTP-like status; transport failures have none (the connection broke before a response). */
  status: number | undefined;
  message: string;
  driverKind: DriverErrorKind;
}

/** What each kind looks like on the wire. Retryability follows core's classification of `driverKind`. */
const PROFILES: Readonly<Record<SimErrorKind, SimErrorProfile>> = {
  rate_limit: { status: 429, message: 'Rate limit exceeded. Please retry after some time.', driverKind: 'rate_limit' },
  timeout: { status: 504, message: 'Request timed out', driverKind: 'timeout' },
  overloaded: { status: 529, message: 'Provider overloaded', driverKind: 'overloaded' },
  transport: { status: undefined, message: 'Connection reset by peer', driverKind: 'transport' },
  invalid_response: { status: 400, message: 'Invalid response from provider', driverKind: 'invalid_response' },
  authentication: { status: 401, message: 'Invalid API key', driverKind: 'authentication' },
  quota_exhausted: { status: 402, message: 'Quota exhausted', driverKind: 'quota_exhausted' },
  unsupported_model: { status: 404, message: 'Model not supported', driverKind: 'unsupported_model' },
  other: { status: 500, message: 'Internal server error', driverKind: 'other' },
};

const TRANSIENT_KINDS: ReadonlySet<SimErrorKind> = new Set(['rate_limit', 'timeout', 'overloaded', 'transport']);

/** Whether the runtime may retry a failure of this kind (rate limit, timeout, overloaded, transport). */
export function isTransientSimError(kind: SimErrorKind): boolean {
  return TRANSIENT_KINDS.has(kind);
}

/** Validates a plain-data SimError (or a bare kind) and returns it normalised. */
export function parseSimError(value: unknown, what = 'sim error'): SimError {
  if (typeof value === 'string') return { kind: requireOneOf(value, SIM_ERROR_KINDS, `${what} kind`) };
  if (typeof value !== 'object' || value === null) return { kind: requireOneOf(value, SIM_ERROR_KINDS, `${what} kind`) };
  const record = value as { kind?: unknown; message?: unknown };
  const kind = requireOneOf(record.kind, SIM_ERROR_KINDS, `${what} kind`);
  if (record.message === undefined) return { kind };
  return { kind, message: requireString(record.message, `${what} message`, { nonEmpty: true }) };
}

/**
 * The `DriverError` a scripted failure surfaces as: message
 * `"LlmSim scripted error ({code}): {message}"` (the kind stands in for the
 * code when there is no status), with core's `kind`, `status` and `retryable`.
 */
export function simErrorToDriverError(error: SimError | SimErrorKind): DriverError {
  const { kind, message } = typeof error === 'string' ? { kind: error, message: undefined } : error;
  const profile = PROFILES[kind];
  const code = profile.status ?? kind;
  return new DriverError(`LlmSim scripted error (${code}): ${message ?? profile.message}`, {
    kind: profile.driverKind,
    ...(profile.status === undefined ? {} : { status: profile.status }),
    retryable: isTransientSimError(kind),
  });
}
