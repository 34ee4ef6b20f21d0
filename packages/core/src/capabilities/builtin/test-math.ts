import { z } from 'zod';
import { toolJsonSchema } from '../../tools/tool-definition-of.js';
import { defineTool, type Tool, ToolError } from '../../tools/tool.js';
import { defineCapability } from '../capability.js';

type Operation = 'add' | 'subtract' | 'multiply' | 'divide';

// The model is told both operands are required; a missing one still reads as 0 (SPEC 6.3).
const advertised = z.strictObject({
  a: z.number().describe('The first operand.'),
  b: z.number().describe('The second operand.'),
});
const accepted = z.strictObject({ a: z.number().default(0), b: z.number().default(0) });
const advertisedSchema = toolJsonSchema(advertised);

function arithmeticTool(operation: Operation, description: string, compute: (a: number, b: number) => number): Tool<{ a: number; b: number }> {
  return defineTool({
    name: operation,
    displayName: operation[0]!.toUpperCase() + operation.slice(1),
    description,
    parameters: accepted,
    jsonSchema: advertisedSchema,
    hints: { readonly: true, idempotent: true },
    execute: ({ a, b }) => ({ result: compute(a, b), operation, a, b }),
  });
}

export const addTool = arithmeticTool('add', 'Add two numbers: a + b.', (a, b) => a + b);
export const subtractTool = arithmeticTool('subtract', 'Subtract b from a: a - b.', (a, b) => a - b);
export const multiplyTool = arithmeticTool('multiply', 'Multiply two numbers: a * b.', (a, b) => a * b);
export const divideTool = arithmeticTool('divide', 'Divide a by b: a / b. b must not be zero.', (a, b) => {
  if (b === 0) throw new ToolError('Cannot divide by zero');
  return a / b;
});

/** `test_math`: arithmetic tools for exercising tool calls in tests. */
export const testMathCapability = defineCapability<never>({
  id: 'test_math',
  name: 'Test Math',
  description: 'For tests: arithmetic tools (add, subtract, multiply, divide).',
  category: 'Testing',
  icon: 'calculator',
  tools: [addTool, subtractTool, multiplyTool, divideTool],
});
