import { RuntimeError } from '../errors.js';
import type { ResolvedModel } from '../stores/provider-store.js';
import type { DriverFactory, LlmDriver } from './driver.js';

/** Providers that need no API key. */
const KEYLESS = new Set(['llmsim']);

/** Maps provider types to driver factories. */
export class DriverRegistry {
  readonly #factories = new Map<string, DriverFactory>();

  /** Registers (or replaces) the factory of a provider type. */
  register(provider: string, factory: DriverFactory): this {
    this.#factories.set(provider.toLowerCase(), factory);
    return this;
  }

  has(provider: string): boolean {
    return this.#factories.has(provider.toLowerCase());
  }

  providers(): string[] {
    return [...this.#factories.keys()].sort();
  }

  /**
   * Creates the driver of a resolved model. Fails with `provider_misconfigured`
   * when a keyed provider has no API key, and `driver_not_registered` when no
   * factory is registered.
   */
  create(model: ResolvedModel): LlmDriver {
    const provider = model.provider.toLowerCase();
    if (!KEYLESS.has(provider) && !model.apiKey?.trim())
      throw new RuntimeError('provider_misconfigured', 'API key is required. Configure the API key in provider settings.');
    const factory = this.#factories.get(provider);
    if (!factory)
      throw new RuntimeError(
        'driver_not_registered',
        `no driver registered for provider "${provider}" (registered: ${this.providers().join(', ') || 'none'}); call .driver("${provider}", factory) on the builder`,
      );
    return factory(model);
  }
}
