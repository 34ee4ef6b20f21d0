import type { DriverRegistry, ResolvedModel } from '@org/core';
import { DEFAULT_MODEL_NAME } from './llmsim-config.js';
import { LlmSimDriver } from './llmsim-driver.js';

/** The resolved model of a simulated LLM: `{ model, provider: 'llmsim', apiKey: 'fake-key' }`. */
export function llmsimModel(name: string = DEFAULT_MODEL_NAME): ResolvedModel {
  return { model: name, provider: 'llmsim', apiKey: 'fake-key' };
}

/**
 * Registers `driver` under the `llmsim` provider. The factory hands out this
 * one instance for every model, so its counters are shared by every session.
 * Returns the driver.
 */
export function registerLlmSim(registry: DriverRegistry, driver: LlmSimDriver = new LlmSimDriver()): LlmSimDriver {
  registry.register('llmsim', () => driver);
  return driver;
}
