import { z } from 'zod';

/**
 * A PostgreSQL schema name this package accepts: lowercase letters, digits and
 * underscores, starting with a letter or underscore, at most 63 bytes (the
 * server's identifier limit). Schema names cannot be query parameters, so this
 * strict shape is what makes interpolating them safe.
 */
export const SchemaName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a schema name is 1-63 characters of [a-z0-9_], not starting with a digit');

/** The schema used when none is given. */
export const DEFAULT_SCHEMA = 'agent_runtime';

/** Quotes a validated identifier for SQL text. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
