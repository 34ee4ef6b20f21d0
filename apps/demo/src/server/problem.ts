import { InvalidIdError, NotFoundError, RuntimeError, SessionBusyError, StorageUnavailableError, ValidationError } from '@org/core';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level issues of a validation problem. */
  errors?: readonly { path: string; message: string }[];
  [extension: string]: unknown;
}

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['validation', 'Invalid request'],
  404: ['not-found', 'Not found'],
  409: ['session-busy', 'Session busy'],
  503: ['unavailable', 'Service unavailable'],
  500: ['internal', 'Internal error'],
};

/** Builds a problem with a stable `type` URI per status. */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
  return { type: `urn:agent-runtime:problem:${slug}`, title, status, detail, ...extra };
}

/**
 * Maps a thrown error to a problem: bad input 400, unknown session 404, a turn
 * already running 409, a backend down 503, anything else 500 (without internals).
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof ValidationError) return problem(400, error.message, { errors: error.issues });
  if (error instanceof InvalidIdError) return problem(400, error.message);
  if (error instanceof NotFoundError) return problem(404, error.message);
  if (error instanceof SessionBusyError)
    return problem(409, `a turn is already running on session ${error.sessionId}; wait for it to finish (watch its events) and send again`);
  if (error instanceof StorageUnavailableError) return problem(503, error.message);
  if (error instanceof RuntimeError && error.code === 'storage_unavailable') return problem(503, error.message);
  return problem(500, 'the server failed to handle the request; see its log');
}
