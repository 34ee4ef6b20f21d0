/** Timing hints a simulated model name can carry. */
export interface ModelTiming {
  /** From `-ttft-{ms}` with ms > 0: simulated time to first token. */
  ttftMs?: number;
  /** `-latency` in the name: add per-chunk latency. */
  latency: boolean;
}

/**
 * Reads timing hints from a model name: `llmsim-ttft-250` waits 250 ms before
 * streaming, `llmsim-latency` streams with per-chunk latency. A zero or
 * missing ttft means none.
 */
export function parseModelTiming(modelName: string): ModelTiming {
  const cached = timings.get(modelName);
  if (cached) return cached;
  const timing = parse(modelName);
  if (timings.size < 1000) timings.set(modelName, timing);
  return timing;
}

// Model names repeat on every call: parse each once.
const timings = new Map<string, ModelTiming>();

function parse(modelName: string): ModelTiming {
  const ttft = /-ttft-(\d+)/.exec(modelName);
  const ms = ttft ? Number(ttft[1]) : 0;
  const timing: ModelTiming = { latency: modelName.includes('-latency') };
  if (Number.isSafeInteger(ms) && ms > 0) timing.ttftMs = ms;
  return timing;
}
