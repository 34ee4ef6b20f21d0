import { type Memory, MemoryId, MemoryKind, type MemoryQuery, type MemoryStore, NewMemory, now, ValidationError } from '@org/core';
import { parseInput, requireId, requireInteger, requireText } from './validate.js';

/** Default and largest number of memories `recall` returns. */
export const DEFAULT_RECALL_LIMIT = 10;
export const MAX_RECALL_LIMIT = 50;

interface StoredMemory {
  memory: Memory;
  /** Insertion order: breaks ties between memories created in the same millisecond. */
  order: number;
}

/**
 * Persistent memories in memory, one namespace per scope (the runtime uses
 * the org id). `recall` matches every given criterion: `query` as a
 * case-insensitive substring of the content, every one of `tags`, and `kind`;
 * it orders by importance descending, then newest first.
 */
export class MemoryMemoryStore implements MemoryStore {
  readonly #scopes = new Map<string, Map<MemoryId, StoredMemory>>();
  #order = 0;

  /** Validates with `NewMemory` (applying its defaults) and stores a new memory. */
  async remember(scope: string, memory: NewMemory): Promise<Memory> {
    requireText(scope, 'memory scope');
    const parsed = parseInput(NewMemory, memory, 'memory');
    const stored: Memory = { ...structuredClone(parsed), id: MemoryId.generate(), createdAt: now() };
    let memories = this.#scopes.get(scope);
    if (!memories) {
      memories = new Map();
      this.#scopes.set(scope, memories);
    }
    this.#order += 1;
    memories.set(stored.id, { memory: stored, order: this.#order });
    return structuredClone(stored);
  }

  async recall(scope: string, query: MemoryQuery = {}): Promise<{ memories: Memory[]; total: number }> {
    requireText(scope, 'memory scope');
    const limit = requireInteger(query.limit ?? DEFAULT_RECALL_LIMIT, 'limit', 1, MAX_RECALL_LIMIT);
    const kind = query.kind === undefined ? undefined : parseInput(MemoryKind, query.kind, 'memory kind');
    if (query.tags !== undefined && !(Array.isArray(query.tags) && query.tags.every((tag) => typeof tag === 'string'))) {
      throw new ValidationError('invalid recall tags: expected an array of strings', [{ path: 'tags', message: 'not an array of strings' }]);
    }
    const needle = query.query?.toLowerCase();
    const matches = [...(this.#scopes.get(scope)?.values() ?? [])].filter(
      ({ memory }) =>
        (!needle || memory.content.toLowerCase().includes(needle)) &&
        (kind === undefined || memory.kind === kind) &&
        (query.tags ?? []).every((tag) => memory.tags.includes(tag)),
    );
    matches.sort((a, b) => b.memory.importance - a.memory.importance || compareNewestFirst(a, b));
    return { memories: matches.slice(0, limit).map(({ memory }) => structuredClone(memory)), total: matches.length };
  }

  async forget(scope: string, id: MemoryId): Promise<boolean> {
    requireText(scope, 'memory scope');
    return this.#scopes.get(scope)?.delete(requireId(MemoryId, id, 'memory id')) ?? false;
  }

  async count(scope: string): Promise<number> {
    requireText(scope, 'memory scope');
    return this.#scopes.get(scope)?.size ?? 0;
  }
}

function compareNewestFirst(a: StoredMemory, b: StoredMemory): number {
  const byTime = Date.parse(b.memory.createdAt) - Date.parse(a.memory.createdAt);
  return byTime !== 0 ? byTime : b.order - a.order;
}
