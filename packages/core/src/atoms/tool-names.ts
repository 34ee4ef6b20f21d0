import type { ToolDefinition } from '../domain/tool-definition.js';

interface ToolNames {
  /** In definition order, frozen: `llm.generation` events share it. */
  list: readonly string[];
  set: ReadonlySet<string>;
}

const byTools = new WeakMap<readonly ToolDefinition[], ToolNames>();

/**
 * The names of a turn's tool definitions, as a frozen list and a set, made
 * once per definitions array. The runtime's assembly cache hands every turn
 * of an unchanged configuration the same array, and each reason and act step
 * needs these names (the `llm.generation` event lists them; the act step
 * checks calls against them).
 */
export function toolNamesOf(tools: readonly ToolDefinition[]): ToolNames {
  let names = byTools.get(tools);
  if (!names) {
    const list = Object.freeze(tools.map((tool) => tool.name));
    names = { list, set: new Set(list) };
    byTools.set(tools, names);
  }
  return names;
}
