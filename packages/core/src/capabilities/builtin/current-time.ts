import { z } from 'zod';
import { defineTool } from '../../tools/tool.js';
import { defineCapability } from '../capability.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const two = (n: number) => String(n).padStart(2, '0');

/** `Monday, January 02, 2006 at 15:04:05 UTC`. */
export function humanUtc(date: Date): string {
  const day = DAYS[date.getUTCDay()];
  const month = MONTHS[date.getUTCMonth()];
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${day}, ${month} ${two(date.getUTCDate())}, ${date.getUTCFullYear()} at ${time} UTC`;
}

/**
 * `get_current_time`: the current time, always in UTC (the `timezone`
 * argument is accepted for compatibility but not honoured).
 */
export const getCurrentTimeTool = defineTool({
  name: 'get_current_time',
  displayName: 'Get Current Time',
  description: 'Get the current date and time (always UTC). Formats: iso8601 (default), unix (seconds), human.',
  parameters: z.object({
    timezone: z.string().optional().describe('Ignored: the time is always reported in UTC.'),
    format: z.enum(['iso8601', 'unix', 'human']).default('iso8601').describe('Output format. Defaults to iso8601.'),
  }),
  hints: { readonly: true },
  execute: ({ format }) => {
    const date = new Date();
    if (format === 'unix') return { timestamp: Math.floor(date.getTime() / 1000), format, timezone: 'UTC' };
    if (format === 'human') return { datetime: humanUtc(date), format, timezone: 'UTC' };
    return { datetime: date.toISOString(), format, timezone: 'UTC' };
  },
});

/** `current_time`: the `get_current_time` tool; no prompt. */
export const currentTimeCapability = defineCapability<never>({
  id: 'current_time',
  name: 'Current Time',
  description: 'Lets the agent read the current date and time (UTC).',
  category: 'Utilities',
  icon: 'clock',
  tools: [getCurrentTimeTool],
});
