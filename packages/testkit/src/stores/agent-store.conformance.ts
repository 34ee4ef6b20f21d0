import { AgentId, type AgentStore } from '@org/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../conformance-target.js';
import { makeAgent } from './entity-factory.js';
import { useTarget } from './use-target.js';

/** The `AgentStore` contract: insert-or-replace by id, copies, validation. */
export function describeAgentStoreConformance(target: ConformanceTarget<AgentStore>): void {
  describe(`AgentStore conformance: ${target.name}`, () => {
    const store = useTarget(target);

    it('stores an agent and reads it back', async () => {
      const agent = makeAgent({ systemPrompt: 'Be brief.', maxIterations: 3, tags: ['x'] });
      await store().putAgent(agent);
      expect(await store().getAgent(agent.id)).toEqual(agent);
    });

    it('gives undefined for an unknown id', async () => {
      expect(await store().getAgent(AgentId.generate())).toBeUndefined();
    });

    it('replaces an agent with the same id', async () => {
      const agent = makeAgent();
      await store().putAgent(agent);
      await store().putAgent({ ...agent, systemPrompt: 'second' });
      expect((await store().getAgent(agent.id))?.systemPrompt).toBe('second');
    });

    it('stored state cannot be changed through the objects passed in or handed out (copies or frozen objects)', async () => {
      const agent = makeAgent({ tags: ['kept'] });
      await store().putAgent(agent);
      mutate(() => agent.tags.push('after put'));
      const handedOut = await store().getAgent(agent.id);
      mutate(() => handedOut?.tags.push('after get'));
      expect((await store().getAgent(agent.id))?.tags).toEqual(['kept']);
    });

    it('refuses a malformed agent with a ValidationError', async () => {
      const bad = { ...makeAgent(), name: '' };
      await expect(store().putAgent(bad)).rejects.toMatchObject({ code: 'validation' });
    });
  });
}

/** Tries to change a value a store handed out or was given: a store may copy (nothing happens) or freeze (TypeError). */
function mutate(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}
