import type { Event, Session, TurnResult } from '@org/core';
import type { DemoRuntime } from './demo-runtime.js';
import { SCENARIO_PROMPT } from './scenario-script.js';

/** What a scenario run produced. */
export interface ScenarioRun {
  session: Session;
  prompt: string;
  /** Every event of the turn as it happened, deltas included. */
  events: Event[];
  result: TurnResult;
}

/**
 * Runs the showcase turn on a new session: two parallel `get_weather` calls,
 * a report written to the workspace and read back, then a streamed summary.
 * `onEvent` sees each event live.
 */
export async function runScenario(demo: DemoRuntime, options: { onEvent?: (event: Event) => void; prompt?: string } = {}): Promise<ScenarioRun> {
  const session = await demo.createSession('Weather report');
  const prompt = options.prompt ?? SCENARIO_PROMPT;
  const turn = demo.runtime.streamTurn(session.id, prompt);
  const events: Event[] = [];
  for await (const event of turn) {
    events.push(event);
    options.onEvent?.(event);
  }
  return { session, prompt, events, result: await turn.result };
}
