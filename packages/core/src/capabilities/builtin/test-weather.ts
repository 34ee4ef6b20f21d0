import { z } from 'zod';
import { toolJsonSchema } from '../../tools/tool-definition-of.js';
import { defineTool } from '../../tools/tool.js';
import { defineCapability } from '../capability.js';

const CONDITIONS = ['sunny', 'partly cloudy', 'cloudy', 'rainy', 'windy'] as const;
const MAX_FORECAST_DAYS = 7;
const DAY_MS = 86_400_000;
const units = z.enum(['celsius', 'fahrenheit']).default('celsius').describe('Temperature unit. Defaults to celsius.');
const locationDescription = 'A place name, e.g. a city';

/** Sum of the UTF-8 bytes of `location`, wrapping like a u32: the seed of every mock value. */
export function locationHash(location: string): number {
  let hash = 0;
  for (const byte of new TextEncoder().encode(location)) hash = (hash + byte) >>> 0;
  return hash;
}

function temperature(hash: number, unit: 'celsius' | 'fahrenheit'): number {
  const celsius = (hash % 35) + 5;
  return unit === 'fahrenheit' ? (celsius * 9) / 5 + 32 : celsius;
}

// The model is told `location` is required; a missing one still reads as "Unknown" (SPEC 6.3).
const weatherAdvertised = z.strictObject({ location: z.string().describe(locationDescription), units });
const weatherAccepted = z.strictObject({ location: z.string().default('Unknown'), units });

/** `get_weather`: deterministic mock weather derived from the location's byte sum. */
export const getWeatherTool = defineTool({
  name: 'get_weather',
  displayName: 'Get Weather',
  description: 'Current (mock) weather for a place: temperature, conditions, humidity and wind speed.',
  parameters: weatherAccepted,
  jsonSchema: toolJsonSchema(weatherAdvertised),
  hints: { readonly: true, idempotent: true, openWorld: true },
  execute: ({ location, units: unit }) => {
    const hash = locationHash(location);
    return {
      location,
      temperature: temperature(hash, unit),
      units: unit,
      conditions: CONDITIONS[hash % 5],
      humidity: (hash % 50) + 30,
      windSpeedKmh: (hash % 30) + 5,
      timestamp: new Date().toISOString(),
    };
  },
});

const days = z.number().int().min(0).describe('How many days, 1 to 7 (more is capped at 7). Defaults to 3.');
const forecastAdvertised = z.strictObject({ location: z.string().describe(locationDescription), days: days.optional(), units });
const forecastAccepted = z.strictObject({ location: z.string().default('Unknown'), days: days.default(3), units });

/** `get_forecast`: a deterministic mock forecast, one entry per day from today (UTC), at most 7 days. */
export const getForecastTool = defineTool({
  name: 'get_forecast',
  displayName: 'Get Forecast',
  description: 'A (mock) daily forecast for a place, starting today, up to 7 days.',
  parameters: forecastAccepted,
  jsonSchema: toolJsonSchema(forecastAdvertised),
  hints: { readonly: true, idempotent: true, openWorld: true },
  execute: ({ location, days: requested, units: unit }) => {
    const hash = locationHash(location);
    const count = Math.min(requested, MAX_FORECAST_DAYS);
    const today = Date.now();
    const forecast = Array.from({ length: count }, (_, day) => {
      const dayHash = (hash + 7 * day) >>> 0;
      const high = temperature(dayHash, unit);
      return {
        date: new Date(today + day * DAY_MS).toISOString().slice(0, 10),
        high,
        low: high - 8 - (dayHash % 5),
        conditions: CONDITIONS[dayHash % 5],
        precipitationChance: dayHash % 100,
      };
    });
    return { location, units: unit, days: count, forecast };
  },
});

/** `test_weather`: mock weather tools for exercising tool calls in tests. */
export const testWeatherCapability = defineCapability<never>({
  id: 'test_weather',
  name: 'Test Weather',
  description: 'For tests: deterministic mock weather tools (get_weather, get_forecast).',
  category: 'Testing',
  icon: 'cloud-sun',
  tools: [getWeatherTool, getForecastTool],
});
