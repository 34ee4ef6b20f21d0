import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toolDefinitionOf } from '../../tools/tool-definition-of.js';
import { type Tool, type ToolContext, ToolError } from '../../tools/tool.js';
import { CapabilityRegistry } from '../capability-registry.js';
import { builtinCapabilities, getCurrentTimeTool, getForecastTool, getWeatherTool, runtimeSafeCapabilities, writeTodosTool } from './index.js';
import { addTool, divideTool, multiplyTool, subtractTool } from './test-math.js';

// Pure tools never touch the context.
const context = {} as ToolContext;

/** Validates like the runtime does (zod first), then executes. */
async function run(tool: Tool<unknown>, args: unknown): Promise<unknown> {
  const parsed = tool.parameters.safeParse(args);
  if (!parsed.success) throw new Error(`invalid arguments: ${parsed.error.message}`);
  return tool.execute(parsed.data, context);
}

/** The byte-sum seed, computed independently of the tool. */
function seed(location: string): number {
  return [...Buffer.from(location, 'utf8')].reduce((sum, byte) => sum + byte, 0);
}

describe('get_current_time', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2006-01-02T15:04:05.678Z') }));
  afterEach(() => vi.useRealTimers());

  it('returns iso8601 by default, always UTC, ignoring the timezone argument', async () => {
    expect(await run(getCurrentTimeTool, { timezone: 'Asia/Tokyo' })).toEqual({
      datetime: '2006-01-02T15:04:05.678Z',
      format: 'iso8601',
      timezone: 'UTC',
    });
  });

  it('returns whole unix seconds', async () => {
    expect(await run(getCurrentTimeTool, { format: 'unix' })).toEqual({ timestamp: 1136214245, format: 'unix', timezone: 'UTC' });
  });

  it('returns the human form', async () => {
    expect(await run(getCurrentTimeTool, { format: 'human' })).toEqual({
      datetime: 'Monday, January 02, 2006 at 15:04:05 UTC',
      format: 'human',
      timezone: 'UTC',
    });
  });

  it('rejects an unknown format at validation', () => {
    expect(getCurrentTimeTool.parameters.safeParse({ format: 'rfc2822' }).success).toBe(false);
  });
});

describe('test_math', () => {
  it('computes each operation and echoes its operands', async () => {
    expect(await run(addTool, { a: 2, b: 3 })).toEqual({ result: 5, operation: 'add', a: 2, b: 3 });
    expect(await run(subtractTool, { a: 2, b: 3 })).toEqual({ result: -1, operation: 'subtract', a: 2, b: 3 });
    expect(await run(multiplyTool, { a: 2.5, b: 4 })).toEqual({ result: 10, operation: 'multiply', a: 2.5, b: 4 });
    expect(await run(divideTool, { a: 7, b: 2 })).toEqual({ result: 3.5, operation: 'divide', a: 7, b: 2 });
  });

  it('reads a missing operand as 0', async () => {
    expect(await run(addTool, { a: 4 })).toEqual({ result: 4, operation: 'add', a: 4, b: 0 });
  });

  it('refuses to divide by zero with a tool error', async () => {
    await expect(run(divideTool, { a: 1, b: 0 })).rejects.toThrow(new ToolError('Cannot divide by zero'));
  });

  it('rejects extra properties and non-numbers, and advertises both operands as required', () => {
    expect(addTool.parameters.safeParse({ a: 1, b: 2, c: 3 }).success).toBe(false);
    expect(addTool.parameters.safeParse({ a: '1', b: 2 }).success).toBe(false);
    const schema = toolDefinitionOf(addTool).parameters;
    expect(schema.required).toEqual(['a', 'b']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('test_weather', () => {
  const conditions = ['sunny', 'partly cloudy', 'cloudy', 'rainy', 'windy'];

  it.each(['Paris', 'Tokyo', 'Zürich'])('derives the weather for %s from the byte sum', async (location) => {
    const h = seed(location);
    const result = (await run(getWeatherTool, { location })) as Record<string, unknown>;
    expect(result).toMatchObject({
      location,
      temperature: (h % 35) + 5,
      units: 'celsius',
      conditions: conditions[h % 5],
      humidity: (h % 50) + 30,
      windSpeedKmh: (h % 30) + 5,
    });
    expect(Number.isNaN(Date.parse(result.timestamp as string))).toBe(false);
  });

  it('pins exact values for Paris (byte sum 511) and Tokyo (byte sum 534)', async () => {
    expect(seed('Paris')).toBe(511);
    expect(seed('Tokyo')).toBe(534);
    expect(await run(getWeatherTool, { location: 'Paris', units: 'fahrenheit' })).toMatchObject({
      temperature: 78.8,
      units: 'fahrenheit',
      conditions: 'partly cloudy',
      humidity: 41,
      windSpeedKmh: 6,
    });
    expect(await run(getWeatherTool, { location: 'Tokyo' })).toMatchObject({ temperature: 14, conditions: 'windy', humidity: 64, windSpeedKmh: 29 });
  });

  it('reads a missing location as "Unknown" but advertises it as required', async () => {
    expect(await run(getWeatherTool, {})).toMatchObject({ location: 'Unknown', temperature: (seed('Unknown') % 35) + 5 });
    expect(toolDefinitionOf(getWeatherTool).parameters.required).toEqual(['location']);
  });

  describe('get_forecast', () => {
    beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-31T23:00:00Z') }));
    afterEach(() => vi.useRealTimers());

    it('gives 3 days by default, dated from today (UTC), with the per-day formula', async () => {
      const h = seed('Tokyo');
      const result = (await run(getForecastTool, { location: 'Tokyo' })) as { days: number; forecast: Record<string, unknown>[] };
      expect(result.days).toBe(3);
      expect(result.forecast.map((d) => d.date)).toEqual(['2026-12-31', '2027-01-01', '2027-01-02']);
      result.forecast.forEach((day, index) => {
        const dh = h + 7 * index;
        const high = (dh % 35) + 5;
        expect(day).toEqual({ date: day.date, high, low: high - 8 - (dh % 5), conditions: conditions[dh % 5], precipitationChance: dh % 100 });
      });
      // Tokyo day 0: dh = 534.
      expect(result.forecast[0]).toMatchObject({ high: 14, low: 2, conditions: 'windy', precipitationChance: 34 });
    });

    it('caps the days at 7 and converts to fahrenheit before computing the low', async () => {
      const result = (await run(getForecastTool, { location: 'Paris', days: 30, units: 'fahrenheit' })) as {
        days: number;
        forecast: { high: number; low: number }[];
      };
      expect(result.days).toBe(7);
      expect(result.forecast).toHaveLength(7);
      // Paris day 0: dh = 511, 26 °C = 78.8 °F, low = 78.8 - 8 - 1.
      expect(result.forecast[0]?.high).toBe(78.8);
      expect(result.forecast[0]?.low).toBeCloseTo(69.8, 10);
    });
  });
});

describe('write_todos', () => {
  const todo = (status: string, n = 1) => ({ content: `Task ${n}`, activeForm: `Doing task ${n}`, status });

  it('counts the statuses and returns the validated list without a warning when one task is in progress', async () => {
    const todos = [todo('completed', 1), todo('in_progress', 2), todo('pending', 3)];
    expect(await run(writeTodosTool, { todos })).toEqual({ success: true, totalTasks: 3, pending: 1, inProgress: 1, completed: 1, todos });
  });

  it('warns when tasks are pending and none is in progress', async () => {
    const result = (await run(writeTodosTool, { todos: [todo('pending'), todo('pending', 2)] })) as { warning?: string };
    expect(result.warning).toMatch(/^No task is marked as 'in_progress'/);
  });

  it('warns when several tasks are in progress', async () => {
    const result = (await run(writeTodosTool, { todos: [todo('in_progress'), todo('in_progress', 2)] })) as { warning?: string };
    expect(result.warning).toMatch(/^Multiple tasks are marked as 'in_progress'/);
  });

  it('gives no warning when everything is completed, or the list is empty', async () => {
    expect(await run(writeTodosTool, { todos: [todo('completed')] })).not.toHaveProperty('warning');
    expect(await run(writeTodosTool, { todos: [] })).toMatchObject({ success: true, totalTasks: 0 });
  });

  it.each([
    [{}, "Missing required field: 'todos'"],
    [{ todos: 'a list' }, "Invalid 'todos' field: expected an array"],
    [{ todos: [todo('pending'), { activeForm: 'x', status: 'pending' }] }, "Task 2 is missing or has empty 'content' field"],
    [{ todos: [{ content: 'x', activeForm: '', status: 'pending' }] }, "Task 1 is missing or has empty 'activeForm' field"],
    [{ todos: [{ content: 'x', activeForm: 'y' }] }, "Task 1 is missing 'status' field"],
    [{ todos: [todo('done')] }, "Task 1 has invalid status 'done'. Must be 'pending', 'in_progress', or 'completed'"],
  ])('reports %j as %s', async (args, message) => {
    await expect(run(writeTodosTool, args)).rejects.toThrow(new ToolError(message));
  });

  it('advertises the strict schema to the model', () => {
    const schema = toolDefinitionOf(writeTodosTool).parameters as { required: string[]; properties: { todos: { items: { required: string[] } } } };
    expect(schema.required).toEqual(['todos']);
    expect(schema.properties.todos.items.required).toEqual(['content', 'activeForm', 'status']);
  });
});

describe('presets', () => {
  it('runtime-safe preset holds current_time and stateless_todo_list only', () => {
    expect(runtimeSafeCapabilities().map((c) => c.id)).toEqual(['current_time', 'stateless_todo_list']);
  });

  it('builtinCapabilities registers every built-in with unique ids and unique tool names', () => {
    const registry = new CapabilityRegistry(builtinCapabilities());
    expect(registry.list().map((c) => c.id)).toEqual([
      'current_time',
      'stateless_todo_list',
      'test_math',
      'test_weather',
      'session_file_system',
      'session_storage',
      'memory',
    ]);
    const tools = registry.list().flatMap((c) => (Array.isArray(c.tools) ? c.tools : []));
    expect(new Set(tools.map((t) => t.name)).size).toBe(tools.length);
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['get_current_time', 'write_todos', 'read_file', 'edit_file', 'kv_store', 'secret_store', 'remember', 'recall', 'forget']),
    );
  });

  it('every built-in tool yields a valid definition with a JSON Schema object', () => {
    for (const capability of builtinCapabilities()) {
      for (const tool of Array.isArray(capability.tools) ? capability.tools : []) {
        const definition = toolDefinitionOf(tool, capability);
        expect(definition.parameters.type, tool.name).toBe('object');
        expect(definition.capabilityId).toBe(capability.id);
      }
    }
  });

  it('the mutating file and storage tools declare their concurrency class', () => {
    const byName = new Map(builtinCapabilities().flatMap((c) => (Array.isArray(c.tools) ? c.tools : [])).map((t) => [t.name, t]));
    for (const name of ['write_file', 'edit_file', 'delete_file']) expect(byName.get(name)?.hints?.concurrencyClass).toBe('session_workspace');
    for (const name of ['kv_store', 'secret_store']) expect(byName.get(name)?.hints?.concurrencyClass).toBe('session_storage');
    expect(byName.get('read_file')?.hints?.concurrencyClass).toBeUndefined();
  });
});
