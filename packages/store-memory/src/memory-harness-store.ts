import { ConfigurationError, Harness, HarnessId, type HarnessInput, type HarnessStore } from '@org/core';
import { parseInput, requireId } from './validate.js';

/**
 * Harnesses in a map. Inputs are validated with the `Harness` schema; every
 * read returns a copy, so callers cannot change what is stored.
 */
export class MemoryHarnessStore implements HarnessStore {
  readonly #harnesses = new Map<HarnessId, Harness>();

  /** Inserts or replaces by id. Throws `ValidationError` for a malformed harness. */
  async putHarness(harness: Harness | HarnessInput): Promise<void> {
    const parsed = parseInput(Harness, harness, 'harness');
    this.#harnesses.set(parsed.id, structuredClone(parsed));
  }

  async getHarness(id: HarnessId): Promise<Harness | undefined> {
    const harness = this.#harnesses.get(requireId(HarnessId, id, 'harness id'));
    return harness && structuredClone(harness);
  }

  /**
   * Root first, `id` last. An unknown id gives `[]`; a parent that is not
   * stored ends the chain (the last harness found is the root); a cycle throws
   * `ConfigurationError("Harness inheritance cycle detected …")`.
   */
  async getHarnessChain(id: HarnessId): Promise<Harness[]> {
    const chain: Harness[] = [];
    const seen = new Set<HarnessId>();
    let next: HarnessId | undefined = requireId(HarnessId, id, 'harness id');
    while (next !== undefined) {
      if (seen.has(next)) throw new ConfigurationError(`Harness inheritance cycle detected at ${next}`);
      seen.add(next);
      const harness = this.#harnesses.get(next);
      if (!harness) break;
      chain.push(structuredClone(harness));
      next = harness.parentHarnessId;
    }
    return chain.reverse();
  }
}
