import { HarnessId } from '../ids/index.js';
import { NamedEntityBuilder, type NamedEntityDraft } from './entity-builder.js';
import { Harness } from './harness.js';

interface HarnessDraft extends NamedEntityDraft {
  parentHarnessId?: string;
}

/**
 * Fluent builder of a {@link Harness}. The id defaults to a new
 * `HarnessId.generate()`, status to `active`, timestamps to now.
 *
 * @example
 * const harness = HarnessBuilder.create('support', 'You help customers.')
 *   .capability('current_time')
 *   .networkAccess({ allowed: ['*.example.com'] })
 *   .build();
 */
export class HarnessBuilder extends NamedEntityBuilder<HarnessDraft, Harness> {
  private constructor(name: string, systemPrompt: string) {
    super({ id: HarnessId.generate(), name, systemPrompt }, Harness, 'harness');
  }

  /** Starts a harness with its name and base system prompt. */
  static create(name: string, systemPrompt = ''): HarnessBuilder {
    return new HarnessBuilder(name, systemPrompt);
  }

  /** Pins the id (e.g. `HarnessId.fromSeed(1)` in tests). */
  id(id: HarnessId): this {
    this.draft.id = id;
    return this;
  }

  /** Inherits from another harness (its configuration is folded first). */
  parent(parentHarnessId: HarnessId): this {
    this.draft.parentHarnessId = parentHarnessId;
    return this;
  }
}
