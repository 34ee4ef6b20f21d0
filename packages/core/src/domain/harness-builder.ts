import { HarnessId, type ModelId } from '../ids/index.js';
import { EntityBuilder, type EntityDraft } from './entity-builder.js';
import { Harness } from './harness.js';
import type { EntityStatus } from './status.js';

interface HarnessDraft extends EntityDraft {
  id: string;
  name: string;
  systemPrompt: string;
  displayName?: string;
  description?: string;
  parentHarnessId?: string;
  defaultModelId?: string;
  status?: EntityStatus;
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
export class HarnessBuilder extends EntityBuilder<HarnessDraft, Harness> {
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

  name(name: string): this {
    this.draft.name = name;
    return this;
  }

  displayName(displayName: string): this {
    this.draft.displayName = displayName;
    return this;
  }

  description(description: string): this {
    this.draft.description = description;
    return this;
  }

  systemPrompt(systemPrompt: string): this {
    this.draft.systemPrompt = systemPrompt;
    return this;
  }

  /** Inherits from another harness (its configuration is folded first). */
  parent(parentHarnessId: HarnessId): this {
    this.draft.parentHarnessId = parentHarnessId;
    return this;
  }

  /** The model used when neither the session nor the agent names one. */
  defaultModel(modelId: ModelId): this {
    this.draft.defaultModelId = modelId;
    return this;
  }

  status(status: EntityStatus): this {
    this.draft.status = status;
    return this;
  }
}
