// Order statistics over samples. Median and p95 use the nearest-rank method.

export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);
export const p95 = (samples: readonly number[]): number => quantile(samples, 0.95);

export interface Summary {
  median: number;
  p95: number;
  runs: number;
}

export const summarize = (samples: readonly number[]): Summary => ({
  median: median(samples),
  p95: p95(samples),
  runs: samples.length,
});
