import type { Event } from '@org/core';
import { expect } from 'vitest';
import type { DemoRuntime } from '../src/demo-runtime.js';
import type { ScenarioRun } from '../src/scenario.js';
import { REPORT_PATH } from '../src/scenario-script.js';

/** Asserts what the showcase turn must have done, on whatever backends `demo` runs. */
export async function expectScenarioPlayedOut(demo: DemoRuntime, run: ScenarioRun): Promise<void> {
  const { events, result, session } = run;
  expect(result.success).toBe(true);
  expect(result.iterations).toBe(4);
  expect(result.toolCallCount).toBe(4);

  // One act step runs both weather calls (parallel tool calls from one reason step).
  const acts = events.filter((e): e is Event<'act.started'> => e.type === 'act.started');
  expect(acts.map((a) => a.data.toolCalls.map((c) => c.name))).toEqual([['get_weather', 'get_weather'], ['write_file'], ['read_file']]);
  const started = events.filter((e): e is Event<'tool.started'> => e.type === 'tool.started');
  expect(started.slice(0, 2).map((e) => e.data.toolCall.arguments)).toEqual([{ location: 'Paris' }, { location: 'Tokyo' }]);
  const completed = events.filter((e): e is Event<'tool.completed'> => e.type === 'tool.completed');
  expect(completed.every((e) => e.data.success)).toBe(true);

  // The answer streamed in as deltas that add up to the final text.
  const deltas = events.filter((e): e is Event<'output.message.delta'> => e.type === 'output.message.delta');
  expect(deltas.length).toBeGreaterThan(10);
  expect(result.response).toMatch(/Paris/);
  expect(result.response).toMatch(/Tokyo/);
  expect(result.response).toContain(REPORT_PATH);
  expect(deltas.at(-1)?.data.accumulated).toBe(result.response);
  expect(result.usage?.inputTokens).toBeGreaterThan(0);

  // The durable record matches what streamed live: same events, sequences 1..n without gaps.
  const stored = await demo.runtime.events(session.id);
  expect(stored.map((e) => e.sequence)).toEqual(stored.map((_, index) => index + 1));
  expect(stored.slice(1).map((e) => e.id)).toEqual(events.filter((e) => !e.ephemeral).map((e) => e.id));
  expect(stored.at(-2)?.type).toBe('turn.completed');

  // The report is in the workspace and holds the tool results.
  const report = await demo.runtime.readFile(session.id, REPORT_PATH);
  expect(report?.content).toMatch(/^# Weather report/);
  expect(report?.content).toMatch(/\| Paris \|.*°C/);
  const messages = await demo.runtime.messages(session.id);
  expect(messages.map((m) => m.role)).toEqual(['user', 'agent', 'tool_result', 'tool_result', 'agent', 'tool_result', 'agent', 'tool_result', 'agent']);
}
