import {
  forgetTool,
  kvStoreTool,
  MemoryId,
  recallTool,
  rememberTool,
  secretStoreTool,
  type Tool,
  type ToolContext,
  ToolError,
} from '@org/core';
import { MemorySessionStorageStore } from '../index.js';
import { memoryToolContext, runTool } from '../test-support/tool-harness.js';
import { beforeEach, describe, expect, it } from 'vitest';

let context: ToolContext;
let storage: MemorySessionStorageStore;

beforeEach(() => {
  storage = new MemorySessionStorageStore();
  // These tools never touch files.
  context = memoryToolContext({ storage });
});

const run = (tool: Tool<unknown>, args: unknown) => runTool(tool, args, context);

describe('kv_store', () => {
  it('sets, gets, lists sorted and deletes JSON values', async () => {
    expect(await run(kvStoreTool, { operation: 'set', key: 'b', value: { n: 1 } })).toEqual({ operation: 'set', key: 'b', success: true });
    await run(kvStoreTool, { operation: 'set', key: 'a', value: [1, 2] });
    expect(await run(kvStoreTool, { operation: 'get', key: 'b' })).toEqual({ operation: 'get', key: 'b', value: { n: 1 }, found: true });
    expect(await run(kvStoreTool, { operation: 'list' })).toEqual({ operation: 'list', keys: ['a', 'b'], count: 2 });
    expect(await run(kvStoreTool, { operation: 'delete', key: 'b' })).toEqual({ operation: 'delete', key: 'b', deleted: true });
    expect(await run(kvStoreTool, { operation: 'get', key: 'b' })).toEqual({ operation: 'get', key: 'b', value: null, found: false });
  });

  it('requires a key (≤255 characters) and a value for set', async () => {
    await expect(run(kvStoreTool, { operation: 'get' })).rejects.toThrow(new ToolError('Missing required parameter: key (needed for get)'));
    await expect(run(kvStoreTool, { operation: 'set', key: 'k' })).rejects.toThrow(/Missing required parameter: value/);
    expect(kvStoreTool.parameters.safeParse({ operation: 'get', key: 'k'.repeat(256) }).success).toBe(false);
    expect(await storage.listValues(context.sessionId)).toEqual([]);
  });
});

describe('secret_store', () => {
  it('stores a secret but never shows its value, in get or list', async () => {
    await run(secretStoreTool, { operation: 'set', name: 'api_key', value: 'sk-very-secret' });
    const got = await run(secretStoreTool, { operation: 'get', name: 'api_key' });
    expect(got).toEqual({ operation: 'get', name: 'api_key', found: true, value: '[redacted]' });
    const listed = await run(secretStoreTool, { operation: 'list' });
    expect(listed).toEqual({ operation: 'list', keys: ['api_key'], count: 1 });
    expect(JSON.stringify([got, listed])).not.toContain('sk-very-secret');
    // Tools that need it read it from the store directly.
    expect(await storage.getSecret(context.sessionId, 'api_key')).toBe('sk-very-secret');
    expect(await run(secretStoreTool, { operation: 'get', name: 'other' })).toMatchObject({ found: false, value: null });
  });

  it('refuses the reserved prefix and hides reserved secrets from list', async () => {
    await expect(run(secretStoreTool, { operation: 'set', name: 'browserless_internal:token', value: 'x' })).rejects.toThrow(/reserved/);
    await expect(run(secretStoreTool, { operation: 'get', name: 'browserless_internal:token' })).rejects.toThrow(/reserved/);
    await storage.setSecret(context.sessionId, 'browserless_internal:token', 'x');
    expect(await run(secretStoreTool, { operation: 'list' })).toEqual({ operation: 'list', keys: [], count: 0 });
  });
});

describe('memory tools', () => {
  it('remembers with defaults, recalls by text and tag, and forgets', async () => {
    const saved = (await run(rememberTool, { content: 'User prefers metric units', tags: ['units'] })).memory as Record<string, unknown>;
    expect(saved).toMatchObject({ content: 'User prefers metric units', kind: 'fact', importance: 5, tags: ['units'] });
    expect(MemoryId.is(saved.id)).toBe(true);
    await run(rememberTool, { content: 'Deploys happen on Tuesdays', kind: 'procedure', importance: 9 });
    const recalled = await run(recallTool, { query: 'METRIC' });
    expect(recalled).toMatchObject({ count: 1, total: 1, memories: [{ id: saved.id }] });
    expect(await run(recallTool, {})).toMatchObject({ count: 2, memories: [{ importance: 9 }, { importance: 5 }] });
    expect(await run(forgetTool, { id: saved.id })).toEqual({ id: saved.id, forgotten: true });
    expect(await run(forgetTool, { id: saved.id })).toEqual({ id: saved.id, forgotten: false });
  });

  it('enforces the limits before storing anything', async () => {
    expect(rememberTool.parameters.safeParse({ content: 'x'.repeat(2001) }).success).toBe(false);
    expect(rememberTool.parameters.safeParse({ content: 'x', importance: 11 }).success).toBe(false);
    expect(rememberTool.parameters.safeParse({ content: 'x', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }).success).toBe(false);
    expect(recallTool.parameters.safeParse({ limit: 51 }).success).toBe(false);
    await expect(run(forgetTool, { id: 'not-an-id' })).rejects.toThrow(/Invalid memory id/);
    expect(await context.memory.count('org_test')).toBe(0);
  });
});
