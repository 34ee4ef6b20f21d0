import { ConfigurationError, Harness, HarnessId, type HarnessInput, type HarnessStore } from '@org/core';
import { freezeInput, parseInput, requireId } from './validate.js';

/**
 * Harnesses in a map. Inputs are validated with the `Harness` schema (which
 * copies them) and kept frozen, so reads can hand out the stored object and
 * nobody can change what is stored.
 */
export class MemoryHarnessStore implements HarnessStore {
  readonly #harnesses = new Map<HarnessId, Harness>();

  /** Inserts or replaces by id. Throws `ValidationError` for a malformed harness. */
  async putHarness(harness: Harness | HarnessInput): Promise<void> {
    const parsed = parseInput(Harness, harness, 'harness');
    this.#harnesses.set(parsed.id, freezeInput(parsed, 'harness'));
  }

  async getHarness(id: HarnessId): Promise<Harness | undefined> {
    const harness = this.#harnesses.get(requireId(HarnessId, id, 'harness id'));
    return harness;
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
      chain.push(harness);
      next = harness.parentHarnessId;
    }
    return chain.reverse();
  }
}
