import { randomUUID } from 'node:crypto';
import type { LlmMessage } from '@org/core';
import { SimTurn, toolCall } from '@org/driver-llmsim';

/** Where the scenario writes its report. */
export const REPORT_PATH = '/workspace/weather-report.md';
/** Cities used when the prompt names none. */
export const DEFAULT_CITIES = ['Paris', 'Tokyo'] as const;
/** The scenario's prompt: it names two cities and asks for a saved report. */
export const SCENARIO_PROMPT = `What's the weather in Paris and Tokyo right now? Save a short report to ${REPORT_PATH} and summarise it for me.`;

const NOT_CITIES = new Set(['What', "What's", 'How', 'Save', 'Please', 'Can', 'Could', 'Tell', 'The', 'And', 'Give', 'Write', 'Hello', 'Thanks']);

interface Weather {
  location: string;
  temperature: number;
  units: string;
  conditions: string;
  humidity: number;
  windSpeedKmh: number;
}

/**
 * The scripted model's next move, decided from the conversation alone (so
 * every session and every process plays the same script, whatever ran before):
 * 1. ask for the weather of two cities with two parallel `get_weather` calls;
 * 2. `write_file` a markdown report of the results to {@link REPORT_PATH};
 * 3. `read_file` it back;
 * 4. answer with a summary built from the tool results.
 */
export function nextScenarioStep(messages: readonly LlmMessage[]): SimTurn {
  const lastUser = messages.findLastIndex((message) => message.role === 'user');
  const sinceUser = messages.slice(lastUser + 1);
  const step = sinceUser.filter((message) => message.role === 'assistant').length;
  const cities = citiesIn(textOf(messages[lastUser]));
  const weather = sinceUser.filter((message) => message.role === 'tool').flatMap((message) => weatherIn(textOf(message)));

  switch (step) {
    case 0:
      return SimTurn.mixed(
        `I'll check ${cities[0]} and ${cities[1]} at the same time.`,
        cities.map((city) => toolCall('get_weather', { location: city }, callId('weather'))),
      );
    case 1:
      return SimTurn.mixed('Both results are in. I’ll write a short report to the workspace.', [
        toolCall('write_file', { path: REPORT_PATH, content: reportOf(weather) }, callId('write')),
      ]);
    case 2:
      return SimTurn.mixed('Let me read it back to check it was saved.', [toolCall('read_file', { path: REPORT_PATH }, callId('read'))]);
    default:
      return SimTurn.assistant(summaryOf(weather));
  }
}

/**
 * The first two place names in the prompt — capitalised words that do not
 * start a sentence — else {@link DEFAULT_CITIES}.
 */
export function citiesIn(prompt: string): [string, string] {
  const found: string[] = [];
  for (const match of prompt.matchAll(/\p{Lu}[\p{L}'’-]{2,}(?:\s\p{Lu}[\p{L}]{2,})?/gu)) {
    const before = prompt.slice(0, match.index).trimEnd();
    const startsSentence = before === '' || /[.!?]$/.test(before);
    if (!startsSentence && !NOT_CITIES.has(match[0]) && !found.includes(match[0])) found.push(match[0]);
  }
  const first = found[0] ?? DEFAULT_CITIES[0];
  return [first, found[1] ?? (first === DEFAULT_CITIES[0] ? DEFAULT_CITIES[1] : DEFAULT_CITIES[0])];
}

function callId(kind: string): string {
  return `call_${kind}_${randomUUID().slice(0, 8)}`;
}

function textOf(message: LlmMessage | undefined): string {
  if (!message) return '';
  return typeof message.content === 'string' ? message.content : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function weatherIn(text: string): Weather[] {
  try {
    const value = JSON.parse(text) as Partial<Weather>;
    return typeof value.location === 'string' && typeof value.temperature === 'number' ? [value as Weather] : [];
  } catch {
    return [];
  }
}

function degrees(weather: Weather): string {
  return `${weather.temperature} °${weather.units === 'fahrenheit' ? 'F' : 'C'}`;
}

function reportOf(weather: readonly Weather[]): string {
  const rows = weather.map((w) => `| ${w.location} | ${w.conditions} | ${degrees(w)} | ${w.humidity} % | ${w.windSpeedKmh} km/h |`);
  return [
    '# Weather report',
    '',
    '| City | Conditions | Temperature | Humidity | Wind |',
    '|------|------------|-------------|----------|------|',
    ...rows,
    '',
    `Warmest: ${warmest(weather)?.location ?? 'n/a'}.`,
    '',
  ].join('\n');
}

function warmest(weather: readonly Weather[]): Weather | undefined {
  return [...weather].sort((a, b) => b.temperature - a.temperature)[0];
}

function summaryOf(weather: readonly Weather[]): string {
  if (weather.length === 0) return `I could not get any weather data this time, so there is nothing to report.`;
  const lines = weather.map((w) => `- **${w.location}**: ${w.conditions}, ${degrees(w)}, humidity ${w.humidity} %, wind ${w.windSpeedKmh} km/h`);
  const top = warmest(weather);
  return [
    `Here is the weather right now:`,
    '',
    ...lines,
    '',
    `${top?.location} is the warmer of the two. I saved the report to \`${REPORT_PATH}\` and read it back to check it.`,
  ].join('\n');
}
