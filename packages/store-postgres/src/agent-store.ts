import { Agent, AgentId, type AgentStore } from '@org/core';
import type { ConfigCache } from './config-cache.js';
import type { PostgresContext } from './postgres-context.js';
import { requireId, validate } from './validation.js';

/** `AgentStore` on PostgreSQL: one `jsonb` row per agent (reads served from a {@link ConfigCache} when given). */
export class PostgresAgentStore implements AgentStore {
  constructor(
    private readonly ctx: PostgresContext,
    private readonly cache?: ConfigCache,
  ) {}

  async putAgent(agent: Agent): Promise<void> {
    const valid = validate(Agent, agent, 'agent');
    await this.ctx.query({
      name: this.ctx.statement('agent_put'),
      text: `INSERT INTO ${this.ctx.q}.agents (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body`,
      values: [valid.id, JSON.stringify(valid)],
    });
    this.cache?.invalidate();
  }

  async getAgent(id: AgentId): Promise<Agent | undefined> {
    requireId(AgentId, id, 'agent id');
    return this.cache ? this.cache.read(`agent:${id}`, () => this.#load(id)) : this.#load(id);
  }

  async #load(id: AgentId): Promise<Agent | undefined> {
    const { rows } = await this.ctx.query<{ body: unknown }>({
      name: this.ctx.statement('agent_get'),
      pipeline: true,
      text: `SELECT body FROM ${this.ctx.q}.agents WHERE id = $1`,
      values: [id],
    });
    return rows[0] ? Agent.parse(rows[0].body) : undefined;
  }
}
