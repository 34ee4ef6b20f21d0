import { z } from 'zod';
import { defineTool, ToolError, type ToolContext } from '../../tools/tool.js';
import { defineCapability } from '../capability.js';
import { modelFacing } from './surface-as-tool-error.js';

/** Longest key or secret name, in characters. */
export const MAX_KEY_LENGTH = 255;
/** Largest kv value, as JSON text, and largest secret, in characters. */
export const MAX_VALUE_CHARS = 256 * 1024;
/** Secret names with this prefix belong to the runtime's integrations and are never exposed to the model. */
export const RESERVED_SECRET_PREFIX = 'browserless_internal:';
/** What `secret_store` `get` shows instead of a secret's value. */
export const REDACTED = '[redacted]';

const operation = z.enum(['set', 'get', 'delete', 'list']).describe('set, get, delete, or list (all keys, sorted).');
const key = z.string().min(1).max(MAX_KEY_LENGTH);

function required<T>(value: T | undefined, name: string, op: string): T {
  if (value === undefined) throw new ToolError(`Missing required parameter: ${name} (needed for ${op})`);
  return value;
}

/** `kv_store`: per-session JSON values by key. */
export const kvStoreTool = defineTool({
  name: 'kv_store',
  displayName: 'Key-Value Store',
  description: 'Store and read JSON values by key for this session: set, get, delete, or list the keys.',
  parameters: z.object({
    operation,
    key: key.optional().describe('The key (1-255 characters); needed for set, get and delete.'),
    value: z.unknown().optional().describe('Any JSON value; needed for set.'),
  }),
  hints: { concurrencyClass: 'session_storage' },
  execute: async (args, context: ToolContext) => {
    const { storage, sessionId } = context;
    if (args.operation === 'list') {
      const keys = (await modelFacing(() => storage.listValues(sessionId))).map((k) => k.key);
      return { operation: 'list', keys, count: keys.length };
    }
    const name = required(args.key, 'key', args.operation);
    if (args.operation === 'set') {
      const value = required(args.value, 'value', 'set');
      const size = JSON.stringify(value).length;
      if (size > MAX_VALUE_CHARS) throw new ToolError(`value is ${size} characters as JSON, the limit is ${MAX_VALUE_CHARS}`);
      await modelFacing(() => storage.setValue(sessionId, name, value));
      return { operation: 'set', key: name, success: true };
    }
    if (args.operation === 'get') {
      const value = await modelFacing(() => storage.getValue(sessionId, name));
      return { operation: 'get', key: name, value: value ?? null, found: value !== undefined };
    }
    return { operation: 'delete', key: name, deleted: await modelFacing(() => storage.deleteValue(sessionId, name)) };
  },
});

function secretName(name: string | undefined, op: string): string {
  const checked = required(name, 'name', op);
  if (checked.startsWith(RESERVED_SECRET_PREFIX)) throw new ToolError(`Secret names starting with "${RESERVED_SECRET_PREFIX}" are reserved`);
  return checked;
}

/**
 * `secret_store`: per-session secrets. The model can store, check and delete
 * secrets but never read one back: `get` answers `found` with the value
 * shown as `[redacted]`, and `list` gives names only. Tools that need a
 * secret read it from `SessionStorageStore.getSecret` themselves, so the value
 * never enters the conversation or the event log.
 */
export const secretStoreTool = defineTool({
  name: 'secret_store',
  displayName: 'Secret Store',
  description:
    'Keep secrets (API keys, tokens) for this session: set, get (tells whether it exists; the value is never shown), delete, or list the names.',
  parameters: z.object({
    operation,
    name: key.optional().describe('The secret name (1-255 characters); needed for set, get and delete.'),
    value: z.string().max(MAX_VALUE_CHARS).optional().describe('The secret value; needed for set.'),
  }),
  hints: { concurrencyClass: 'session_storage', requiresSecrets: true },
  execute: async (args, context: ToolContext) => {
    const { storage, sessionId } = context;
    if (args.operation === 'list') {
      const infos = await modelFacing(() => storage.listSecrets(sessionId));
      const keys = infos.map((k) => k.key).filter((k) => !k.startsWith(RESERVED_SECRET_PREFIX));
      return { operation: 'list', keys, count: keys.length };
    }
    const name = secretName(args.name, args.operation);
    if (args.operation === 'set') {
      const value = required(args.value, 'value', 'set');
      await modelFacing(() => storage.setSecret(sessionId, name, value));
      return { operation: 'set', name, success: true };
    }
    if (args.operation === 'get') {
      const found = (await modelFacing(() => storage.getSecret(sessionId, name))) !== undefined;
      return { operation: 'get', name, found, value: found ? REDACTED : null };
    }
    return { operation: 'delete', name, deleted: await modelFacing(() => storage.deleteSecret(sessionId, name)) };
  },
});

/** `session_storage`: the `kv_store` and `secret_store` tools over the runtime's `SessionStorageStore`. */
export const sessionStorageCapability = defineCapability<never>({
  id: 'session_storage',
  name: 'Session Storage',
  description: 'Key-value storage and secrets kept for the session.',
  category: 'Data',
  icon: 'database',
  tools: [kvStoreTool, secretStoreTool],
});
