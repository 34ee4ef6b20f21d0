import { ModelId, type ProviderStore, type ResolvedModel } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { useTarget } from './use-target.js';

/** The `ProviderStore` contract: models by id, a replaceable default, validation. */
export function describeProviderStoreConformance(target: ConformanceTarget<ProviderStore>): void {
  describe(`ProviderStore conformance: ${target.name}`, () => {
    const store = useTarget(target);

    it('stores a model and reads it back', async () => {
      const id = ModelId.generate();
      const model: ResolvedModel = { model: 'sim-1', provider: 'llmsim', apiKey: 'k', baseUrl: 'http://localhost:1', providerMetadata: { region: 'x' } };
      await store().putModel(id, model);
      expect(await store().getModel(id)).toEqual(model);
    });

    it('gives undefined for an unknown model', async () => {
      expect(await store().getModel(ModelId.generate())).toBeUndefined();
    });

    it('replaces a model with the same id and lowercases the provider', async () => {
      const id = ModelId.generate();
      await store().putModel(id, { model: 'a', provider: 'openai' });
      await store().putModel(id, { model: 'b', provider: 'Anthropic' });
      expect(await store().getModel(id)).toEqual({ model: 'b', provider: 'anthropic' });
    });

    it('sets and replaces the default model', async () => {
      await store().setDefaultModel({ model: 'first', provider: 'llmsim' });
      expect((await store().getDefaultModel())?.model).toBe('first');
      await store().setDefaultModel({ model: 'second', provider: 'llmsim' });
      expect(await store().getDefaultModel()).toEqual({ model: 'second', provider: 'llmsim' });
    });

    it('refuses a model without a name with a ValidationError and keeps the old one', async () => {
      const id = ModelId.generate();
      await store().putModel(id, { model: 'kept', provider: 'llmsim' });
      await expect(store().putModel(id, { model: '', provider: 'llmsim' })).rejects.toMatchObject({ code: 'validation' });
      expect((await store().getModel(id))?.model).toBe('kept');
    });
  });
}
