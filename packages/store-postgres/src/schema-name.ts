import { ValidationError } from '@org/core';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema used when none is given. */
export const DEFAULT_SCHEMA = 'agent_runtime';

/**
 * Checks a PostgreSQL schema name: lowercase letters, digits and underscores,
 * not starting with a digit, at most 63 bytes (the server's identifier
 * limit). Schema names cannot be query parameters, so this strict shape is
 * what makes interpolating them safe. Throws `ValidationError` otherwise.
 */
export function validateSchemaName(name: unknown): string {
  if (typeof name === 'string' && SCHEMA_NAME.test(name)) return name;
  throw new ValidationError(`invalid schema name ${JSON.stringify(name)}: use 1-63 characters of [a-z0-9_], not starting with a digit`, [
    { path: 'schema', message: 'not a schema name' },
  ]);
}

/** Quotes a validated identifier for SQL text. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
