import type { CapabilityConfig } from '../domain/capability-config.js';
import { ConfigurationError } from '../errors.js';
import type { Capability } from './capability.js';

/** A capability selected for a turn, with its validated config. */
export interface ResolvedCapability {
  capability: Capability<unknown>;
  config: unknown;
}

const MAX_RESOLVED = 100;

/** Holds the capabilities a runtime knows, by id. */
export class CapabilityRegistry {
  readonly #byId = new Map<string, Capability<unknown>>();
  #version = 0;

  /** Grows with every change, so callers can tell a cached resolution is still current. */
  get version(): number {
    return this.#version;
  }

  constructor(capabilities: Iterable<Capability<never>> = []) {
    for (const capability of capabilities) this.register<never>(capability);
  }

  /** Registers a capability; the same id replaces the earlier one. */
  register<Config>(capability: Capability<Config>): this {
    this.#byId.set(capability.id, capability as unknown as Capability<unknown>);
    this.#version++;
    return this;
  }

  unregister(id: string): boolean {
    this.#version++;
    return this.#byId.delete(id);
  }

  get(id: string): Capability<unknown> | undefined {
    return this.#byId.get(id);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  list(): Capability<unknown>[] {
    return [...this.#byId.values()];
  }

  get size(): number {
    return this.#byId.size;
  }

  /**
   * Expands dependencies (transitively, dependencies before dependents, at
   * most 100), validates configs and drops capabilities that are not
   * `available`. An unknown id, a dependency cycle or an invalid config is a
   * {@link ConfigurationError} naming the capability.
   */
  resolve(configs: readonly CapabilityConfig[]): ResolvedCapability[] {
    const out: ResolvedCapability[] = [];
    const done = new Set<string>();
    const visiting: string[] = [];
    const visit = (id: string, config: unknown, requiredBy?: string) => {
      if (done.has(id)) return;
      if (visiting.includes(id)) throw new ConfigurationError(`capability dependency cycle: ${[...visiting, id].join(' -> ')}`);
      const capability = this.#byId.get(id);
      if (!capability) {
        const known = [...this.#byId.keys()].sort().join(', ');
        const where = requiredBy ? ` (a dependency of "${requiredBy}")` : '';
        throw new ConfigurationError(`unknown capability "${id}"${where}; registered capabilities: ${known || 'none'}`);
      }
      visiting.push(id);
      for (const dependency of capability.dependencies ?? []) visit(dependency, undefined, id);
      visiting.pop();
      done.add(id);
      if (done.size > MAX_RESOLVED) throw new ConfigurationError(`more than ${MAX_RESOLVED} capabilities after expanding dependencies`);
      if ((capability.status ?? 'available') !== 'available') return;
      out.push({ capability, config: validateConfig(capability, config) });
    };
    for (const { id, config } of configs) visit(id, config);
    return out;
  }
}

function validateConfig(capability: Capability<unknown>, config: unknown): unknown {
  if (!capability.configSchema) return config;
  const parsed = capability.configSchema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
  throw new ConfigurationError(`invalid config for capability "${capability.id}": ${detail}`);
}
