import { z } from 'zod';
import type { Capability } from '../capabilities/capability.js';
import { ToolDefinition } from '../domain/tool-definition.js';
import { ConfigurationError } from '../errors.js';
import type { Tool } from './tool.js';

/**
 * The JSON Schema the model sees for a zod argument schema.
 *
 * Uses the *input* side (`io: 'input'`), so fields with a `.default()` are
 * optional to the model, as they are to the validator. The top-level
 * `$schema` key is dropped because some providers reject unknown keywords.
 * Parts zod cannot represent become `{}` instead of throwing on every reason step.
 */
export function toolJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

// One definition per (tool, capability): the reason step asks for it every iteration.
const withoutCapability = new WeakMap<Tool<unknown>, ToolDefinition>();
const byCapability = new WeakMap<Tool<unknown>, WeakMap<CapabilityAttribution, ToolDefinition>>();

/** The parts of a capability a definition carries (any `Capability<Config>` fits). */
export type CapabilityAttribution = Pick<Capability, 'id' | 'name' | 'category'>;

/**
 * Builds (once, then caches) the `builtin` {@link ToolDefinition} the model is
 * offered for a tool: its JSON Schema (`tool.jsonSchema`, else derived from
 * `tool.parameters`), hints, and when a capability is given, its category and
 * `capabilityId`/`capabilityName` attribution.
 *
 * The result is frozen because it is shared between calls. A tool whose name
 * or schema is not a valid definition fails with a {@link ConfigurationError}.
 */
export function toolDefinitionOf(tool: Tool<unknown>, capability?: CapabilityAttribution): ToolDefinition {
  const cached = capability ? byCapability.get(tool)?.get(capability) : withoutCapability.get(tool);
  if (cached) return cached;
  const definition = deepFreeze(build(tool, capability));
  if (capability) {
    const perCapability = byCapability.get(tool) ?? new WeakMap<CapabilityAttribution, ToolDefinition>();
    perCapability.set(capability, definition);
    byCapability.set(tool, perCapability);
  } else {
    withoutCapability.set(tool, definition);
  }
  return definition;
}

function build(tool: Tool<unknown>, capability: CapabilityAttribution | undefined): ToolDefinition {
  const candidate = {
    type: 'builtin' as const,
    name: tool.name,
    ...(tool.displayName !== undefined && { displayName: tool.displayName }),
    description: tool.description,
    parameters: tool.jsonSchema ? structuredClone(tool.jsonSchema) : toolJsonSchema(tool.parameters),
    policy: 'auto' as const,
    ...(capability?.category !== undefined && { category: capability.category }),
    ...(tool.hints !== undefined && { hints: tool.hints }),
    ...(capability && { capabilityId: capability.id, capabilityName: capability.name }),
  };
  const parsed = ToolDefinition.safeParse(candidate);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(definition)'}: ${i.message}`).join('; ');
    throw new ConfigurationError(`invalid tool definition for "${tool.name}": ${detail}`);
  }
  return parsed.data;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
