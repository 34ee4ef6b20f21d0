import { validationErrorFrom } from '../validation.js';
import type { z } from 'zod';
import type { ModelId } from '../ids/index.js';
import type { CapabilityConfig } from './capability-config.js';
import type { InitialFileInput } from './initial-file.js';
import { normaliseInitialFilePath } from './overlay.js';
import type { EntityStatus } from './status.js';
import { now } from './timestamp.js';
import type { ToolDefinition } from './tool-definition.js';

/** A tool definition as builders accept it (`policy` of builtin tools defaults to `auto`). */
export type ToolDefinitionInput = z.input<typeof ToolDefinition>;

/** A point in time for timestamp setters: a `Date` or an RFC 3339 string. */
export type TimeInput = Date | string;

/** Options of an initial file added through a builder. */
export interface InitialFileOptions {
  encoding?: 'text' | 'base64';
  isReadonly?: boolean;
}

/** A network access list as builders accept it (either list may be omitted). */
export interface NetworkAccessInput {
  allowed?: readonly string[];
  blocked?: readonly string[];
}

/** The fields every entity draft shares. */
export interface EntityDraft {
  tags?: string[];
  capabilities?: CapabilityConfig[];
  initialFiles?: InitialFileInput[];
  networkAccess?: { allowed: string[]; blocked: string[] };
  parallelToolCalls?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

function toTimestamp(value: TimeInput): string {
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * Shared fluent setters of the harness, agent and session builders. Nothing is
 * checked until {@link EntityBuilder.build}, which validates the whole entity
 * with its zod schema and reports every bad field at once.
 */
export abstract class EntityBuilder<Draft extends EntityDraft, Output> {
  protected constructor(
    protected readonly draft: Draft,
    private readonly schema: z.ZodType<Output>,
    private readonly entityName: string,
  ) {}

  /** Replaces the tags. */
  tags(tags: readonly string[]): this {
    this.draft.tags = [...tags];
    return this;
  }

  /** Adds one tag (kept once). */
  tag(tag: string): this {
    const tags = this.draft.tags ?? [];
    if (!tags.includes(tag)) tags.push(tag);
    this.draft.tags = tags;
    return this;
  }

  /** Enables a capability; enabling the same id again replaces its config in place. */
  capability(id: string, config?: unknown): this {
    const entry: CapabilityConfig = config === undefined ? { id } : { id, config };
    const list = this.draft.capabilities ?? [];
    const at = list.findIndex((c) => c.id === id);
    if (at >= 0) list[at] = entry;
    else list.push(entry);
    this.draft.capabilities = list;
    return this;
  }

  /** Replaces the capability list. */
  capabilities(capabilities: readonly CapabilityConfig[]): this {
    this.draft.capabilities = [...capabilities];
    return this;
  }

  /** Adds a file seeded into the session workspace; the same (normalised) path replaces the earlier one. */
  initialFile(path: string, content: string, options: InitialFileOptions = {}): this {
    const entry: InitialFileInput = { path, content, ...options };
    const list = this.draft.initialFiles ?? [];
    const key = normaliseInitialFilePath(path);
    const at = list.findIndex((f) => normaliseInitialFilePath(f.path) === key);
    if (at >= 0) list[at] = entry;
    else list.push(entry);
    this.draft.initialFiles = list;
    return this;
  }

  /** Replaces the initial file list. */
  initialFiles(files: readonly InitialFileInput[]): this {
    this.draft.initialFiles = [...files];
    return this;
  }

  /** Sets which hosts tools may reach (omitted lists are empty). */
  networkAccess(list: NetworkAccessInput): this {
    this.draft.networkAccess = { allowed: [...(list.allowed ?? [])], blocked: [...(list.blocked ?? [])] };
    return this;
  }

  /** Whether the model may request several tool calls at once. */
  parallelToolCalls(enabled: boolean): this {
    this.draft.parallelToolCalls = enabled;
    return this;
  }

  /** Sets the creation time (the update time defaults to it). */
  createdAt(at: TimeInput): this {
    this.draft.createdAt = toTimestamp(at);
    return this;
  }

  /** Sets the last update time. */
  updatedAt(at: TimeInput): this {
    this.draft.updatedAt = toTimestamp(at);
    return this;
  }

  /** Sets both timestamps; `updatedAt` defaults to `createdAt`. */
  timestamps(createdAt: TimeInput, updatedAt: TimeInput = createdAt): this {
    return this.createdAt(createdAt).updatedAt(updatedAt);
  }

  /**
   * Validates and returns the entity. Timestamps default to now, with
   * `updatedAt = createdAt`.
   * @throws ValidationError naming every bad field.
   */
  build(): Output {
    const createdAt = this.draft.createdAt ?? now();
    const candidate = { ...this.draft, createdAt, updatedAt: this.draft.updatedAt ?? createdAt };
    const parsed = this.schema.safeParse(candidate);
    if (parsed.success) return parsed.data;
    throw validationErrorFrom(this.entityName, parsed.error.issues, '(root)');
  }
}

/** The fields a harness and an agent draft share beyond {@link EntityDraft}. */
export interface NamedEntityDraft extends EntityDraft {
  id: string;
  name: string;
  systemPrompt: string;
  displayName?: string;
  description?: string;
  defaultModelId?: string;
  status?: EntityStatus;
}

/** The setters a harness and an agent share: identity, prompt, default model and status. */
export abstract class NamedEntityBuilder<Draft extends NamedEntityDraft, Output> extends EntityBuilder<Draft, Output> {
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

  /** The model used when no later layer (agent, session, message) names one. */
  defaultModel(modelId: ModelId): this {
    this.draft.defaultModelId = modelId;
    return this;
  }

  status(status: EntityStatus): this {
    this.draft.status = status;
    return this;
  }
}
