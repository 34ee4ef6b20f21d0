import { Agent, AgentId, type AgentInput, type AgentStore } from '@org/core';
import { freezeInput, parseInput, requireId } from './validate.js';

/** Agents in a map, validated with the `Agent` schema; reads return copies. */
export class MemoryAgentStore implements AgentStore {
  readonly #agents = new Map<AgentId, Agent>();

  /** Inserts or replaces by id. Throws `ValidationError` for a malformed agent. */
  async putAgent(agent: Agent | AgentInput): Promise<void> {
    const parsed = parseInput(Agent, agent, 'agent');
    this.#agents.set(parsed.id, freezeInput(parsed, 'agent'));
  }

  async getAgent(id: AgentId): Promise<Agent | undefined> {
    const agent = this.#agents.get(requireId(AgentId, id, 'agent id'));
    return agent;
  }
}
