// A sparkline of recent session counts. Pure.
const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as bars scaled between their min and max (flat → lowest bar). */
export function sparkline(values: readonly number[], width: number): string {
  if (width <= 0 || values.length === 0) return '';
  const recent = values.slice(-width);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of recent) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  let out = '';
  for (const v of recent) {
    const level = span === 0 ? 0 : Math.round(((v - lo) / span) * (BARS.length - 1));
    out += BARS[level];
  }
  return out;
}
