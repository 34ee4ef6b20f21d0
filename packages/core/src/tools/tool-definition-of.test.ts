import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCapability } from '../capabilities/capability.js';
import { ConfigurationError } from '../errors.js';
import { defineTool } from './tool.js';
import { toolDefinitionOf } from './tool-definition-of.js';

const echo = defineTool({
  name: 'echo',
  displayName: 'Echo',
  description: 'Echoes a message.',
  parameters: z.object({ message: z.string().describe('What to echo'), times: z.number().int().default(1) }),
  hints: { readonly: true },
  execute: ({ message }) => ({ echoed: message }),
});
const capability = defineCapability({ id: 'echoes', name: 'Echoes', category: 'Testing', tools: [echo] });

describe('toolDefinitionOf', () => {
  it('builds a builtin definition with the input-side JSON Schema and no $schema key', () => {
    const definition = toolDefinitionOf(echo);
    expect(definition).toEqual({
      type: 'builtin',
      name: 'echo',
      displayName: 'Echo',
      description: 'Echoes a message.',
      policy: 'auto',
      hints: { readonly: true },
      parameters: {
        type: 'object',
        properties: { message: { type: 'string', description: 'What to echo' }, times: { type: 'integer', default: 1, minimum: expect.any(Number), maximum: expect.any(Number) } },
        // A defaulted field is optional to the model, as it is to the validator.
        required: ['message'],
      },
    });
  });

  it('stamps category and capability attribution', () => {
    expect(toolDefinitionOf(echo, capability)).toMatchObject({ category: 'Testing', capabilityId: 'echoes', capabilityName: 'Echoes' });
  });

  it('caches per tool and capability, and the cached value is frozen', () => {
    const first = toolDefinitionOf(echo, capability);
    expect(toolDefinitionOf(echo, capability)).toBe(first);
    expect(toolDefinitionOf(echo)).not.toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.parameters)).toBe(true);
  });

  it('uses an explicit jsonSchema as given, without freezing the tool author\'s object', () => {
    const jsonSchema = { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] };
    const tool = defineTool({ name: 'raw', description: 'raw', parameters: z.object({ x: z.number().optional() }), jsonSchema, execute: () => null });
    expect(toolDefinitionOf(tool).parameters).toEqual(jsonSchema);
    expect(Object.isFrozen(jsonSchema)).toBe(false);
  });

  it('rejects a tool name the wire cannot carry', () => {
    const tool = defineTool({ name: 'bad name!', description: 'x', parameters: z.object({}), execute: () => null });
    expect(() => toolDefinitionOf(tool)).toThrow(ConfigurationError);
    expect(() => toolDefinitionOf(tool)).toThrow(/invalid tool definition for "bad name!"/);
  });
});
