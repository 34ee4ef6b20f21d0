/** Upper bounds (ms) of the histogram buckets; the last bucket is open-ended. */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000];

/** A snapshot of a latency distribution, in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Cumulative counts per upper bound (Prometheus style); `le: null` is +Inf. */
  buckets: { le: number | null; count: number }[];
}

/**
 * A latency histogram with fixed buckets (all samples since start) and exact
 * percentiles over the most recent `window` samples, so memory stays bounded
 * however long the worker runs.
 */
export class LatencyHistogram {
  readonly #bucketCounts = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  readonly #recent: number[] = [];
  #next = 0;
  #count = 0;
  #sum = 0;
  #max = 0;

  constructor(readonly window = 10_000) {}

  /** Records one duration (negative values, from clock skew between hosts, count as 0). */
  record(ms: number): void {
    const value = Math.max(0, ms);
    this.#count += 1;
    this.#sum += value;
    this.#max = Math.max(this.#max, value);
    const bucket = LATENCY_BUCKETS_MS.findIndex((bound) => value <= bound);
    const index = bucket === -1 ? LATENCY_BUCKETS_MS.length : bucket;
    this.#bucketCounts[index] = (this.#bucketCounts[index] ?? 0) + 1;
    if (this.#recent.length < this.window) this.#recent.push(value);
    else this.#recent[this.#next] = value;
    this.#next = (this.#next + 1) % this.window;
  }

  /** The current distribution. Percentiles use the nearest-rank method; all zero when empty. */
  summary(): LatencySummary {
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const rank = (p: number) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0));
    let cumulative = 0;
    const buckets = this.#bucketCounts.map((count, i) => {
      cumulative += count;
      return { le: LATENCY_BUCKETS_MS[i] ?? null, count: cumulative };
    });
    return {
      count: this.#count,
      mean: this.#count === 0 ? 0 : this.#sum / this.#count,
      p50: rank(0.5),
      p90: rank(0.9),
      p99: rank(0.99),
      max: this.#max,
      buckets,
    };
  }
}
