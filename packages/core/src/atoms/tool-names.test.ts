import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../domain/tool-definition.js';
import { toolNamesOf } from './tool-names.js';

const tool = (name: string) => ({ name, description: name, parameters: { type: 'object' } }) as unknown as ToolDefinition;

describe('toolNamesOf', () => {
  it('lists the names in order, frozen, with a matching set', () => {
    const names = toolNamesOf([tool('add'), tool('subtract')]);
    expect(names.list).toEqual(['add', 'subtract']);
    expect(Object.isFrozen(names.list)).toBe(true);
    expect(names.set.has('subtract')).toBe(true);
    expect(names.set.has('divide')).toBe(false);
  });

  it('computes once per definitions array, and again for another array', () => {
    const tools = [tool('add')];
    expect(toolNamesOf(tools)).toBe(toolNamesOf(tools));
    const other = [tool('add'), tool('divide')];
    expect(toolNamesOf(other)).not.toBe(toolNamesOf(tools));
    expect(toolNamesOf(other).list).toEqual(['add', 'divide']);
  });
});
