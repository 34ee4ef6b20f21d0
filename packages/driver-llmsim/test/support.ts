import type { LlmCallConfig, LlmMessage, LlmStreamEvent } from '@org/core';
import type { LlmSimDriver } from '../src/index.js';

/** A request config as the runtime would send it. */
export function callConfig(overrides: Partial<LlmCallConfig> = {}): LlmCallConfig {
  return { model: 'llmsim-model', tools: [], metadata: {}, ...overrides };
}

export const user = (content: string): LlmMessage => ({ role: 'user', content });
export const system = (content: string): LlmMessage => ({ role: 'system', content });
export const assistant = (content: string): LlmMessage => ({ role: 'assistant', content });

/** Runs one call to the end and returns every event. */
export async function collect(
  driver: LlmSimDriver,
  messages: readonly LlmMessage[] = [user('hi')],
  config: LlmCallConfig = callConfig(),
  signal: AbortSignal = new AbortController().signal,
): Promise<LlmStreamEvent[]> {
  const events: LlmStreamEvent[] = [];
  for await (const event of driver.stream(messages, config, { signal })) events.push(event);
  return events;
}

/** The joined text deltas of a call's events. */
export function textOf(events: readonly LlmStreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

/** The tool calls of a call's events (the last list wins), or []. */
export function toolCallsOf(events: readonly LlmStreamEvent[]) {
  let calls: Extract<LlmStreamEvent, { type: 'tool-calls' }>['toolCalls'] = [];
  for (const event of events) if (event.type === 'tool-calls') calls = event.toolCalls;
  return calls;
}

/** The `done` event of a call; fails the test if there is none. */
export function doneOf(events: readonly LlmStreamEvent[]) {
  const done = events.find((event) => event.type === 'done');
  if (done?.type !== 'done') throw new Error(`no done event in ${JSON.stringify(events.map((event) => event.type))}`);
  return done.metadata;
}

/** The error of a call's `error` event; fails the test if there is none. */
export function errorOf(events: readonly LlmStreamEvent[]) {
  const failure = events.find((event) => event.type === 'error');
  if (failure?.type !== 'error') throw new Error(`no error event in ${JSON.stringify(events.map((event) => event.type))}`);
  return failure.error;
}

/** Texts of `count` consecutive calls. */
export async function texts(driver: LlmSimDriver, count: number, messages?: readonly LlmMessage[]): Promise<string[]> {
  const out: string[] = [];
  for (let index = 0; index < count; index++) out.push(textOf(await collect(driver, messages)));
  return out;
}
