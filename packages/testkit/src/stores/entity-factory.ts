import { Agent, AgentId, type AgentInput, Harness, HarnessId, type HarnessInput, Session, SessionId, type SessionInput } from '@org/core';

const FIXED_TIME = '2020-01-01T00:00:00.000Z';

/** A valid harness with a fresh id; `overrides` replace any field. */
export function makeHarness(overrides: Partial<HarnessInput> = {}): Harness {
  return Harness.parse({ id: HarnessId.generate(), name: 'test harness', systemPrompt: 'You are a test.', createdAt: FIXED_TIME, updatedAt: FIXED_TIME, ...overrides });
}

/** A valid agent with a fresh id; `overrides` replace any field. */
export function makeAgent(overrides: Partial<AgentInput> = {}): Agent {
  return Agent.parse({ id: AgentId.generate(), name: 'test agent', createdAt: FIXED_TIME, updatedAt: FIXED_TIME, ...overrides });
}

/** A valid session with a fresh id on a fresh harness id; `overrides` replace any field. */
export function makeSession(overrides: Partial<SessionInput> = {}): Session {
  return Session.parse({ id: SessionId.generate(), harnessId: HarnessId.generate(), createdAt: FIXED_TIME, updatedAt: FIXED_TIME, ...overrides });
}
