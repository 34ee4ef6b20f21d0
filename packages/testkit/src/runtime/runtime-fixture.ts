import { type Event, type EventType, Runtime, type RuntimeBackends, type RuntimeBuilder, type SessionId, type SingleSessionBuilder } from '@org/core';
import { type LlmSimDriver, llmsimModel } from '@org/driver-llmsim';

/** A runtime over the suite's backends with a simulator, plus helpers to look at what it stored. */
export interface RuntimeFixture {
  runtime: Runtime;
  sim: LlmSimDriver;
  sessionId: SessionId;
  /** Durable event types of the session, in sequence order. */
  eventTypes(): Promise<EventType[]>;
  events(): Promise<Event[]>;
}

/**
 * Builds a runtime on `backends` with an llmsim driver and one session.
 * `configure` adjusts the builder (capabilities, options), `session` the
 * single-session builder (harness, agent, capabilities).
 */
export async function buildFixture(
  backends: RuntimeBackends,
  sim: LlmSimDriver,
  session: (s: SingleSessionBuilder) => SingleSessionBuilder = (s) => s,
  configure: (b: RuntimeBuilder) => RuntimeBuilder = (b) => b,
): Promise<RuntimeFixture> {
  const driver = sim;
  const builder = Runtime.builder()
    .backends(backends)
    .driver(driver, { defaultModel: llmsimModel() })
    .options({ validateEvents: true, retry: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 5, totalBudgetMs: 1000 } })
    .singleSession(session);
  const runtime = await configure(builder).build();
  const sessionId = runtime.defaultSessionId as SessionId;
  const events = () => runtime.events(sessionId);
  return { runtime, sim: driver, sessionId, events, eventTypes: async () => (await events()).map((e) => e.type) };
}

/** The acceptance order of a single-tool turn's durable events (SPEC 3.3). */
export const SINGLE_TOOL_TURN_ORDER: EventType[] = [
  'input.message',
  'session.activated',
  'turn.started',
  'reason.started',
  'output.message.started',
  'llm.generation',
  'output.message.completed',
  'reason.completed',
  'act.started',
  'tool.started',
  'tool.completed',
  'act.completed',
  'reason.started',
  'output.message.started',
  'llm.generation',
  'output.message.completed',
  'reason.completed',
  'turn.completed',
  'session.idled',
];
