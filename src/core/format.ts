// Human formats for durations, byte sizes and counts. Pure.

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** Durations of this many days or more (~274 years) are not real: shown as `>99999d`. */
const MAX_DAYS = 100_000;

/** `5s`, `47m05s`, `3h12m`, `2d04h`; `-` when unknown. Negative values show as `0s`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad2(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad2(Math.floor((s % 3600) / 60))}m`;
  // A server sending more is broken: say so rather than print 1.157e+295d.
  if (s >= MAX_DAYS * 86400) return `>${MAX_DAYS - 1}d`;
  return `${Math.floor(s / 86400)}d${pad2(Math.floor((s % 86400) / 3600))}h`;
}

const BYTE_UNITS = ['K', 'M', 'G', 'T', 'P'];

function scaled(n: number, base: number, units: readonly string[], smallSuffix: string): string {
  if (n < base) return `${Math.round(n)}${smallSuffix}`;
  let v = n;
  let unit = -1;
  do {
    v /= base;
    unit++;
  } while (v >= base && unit < units.length - 1);
  // Beyond the largest unit a number would print as 8.88e+284P: bounded instead.
  if (v >= 9999.5) return `>9999${units[unit]}`;
  // One decimal below 10 (`1.2M`), whole numbers above (`66K`); never show `10.0`.
  const text = v < 9.95 ? v.toFixed(1) : String(Math.round(v));
  return text + units[unit];
}

/** `512B`, `66K`, `1.2M` (binary units); `-` when unknown. */
export function formatBytes(n?: number | null): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '-';
  return scaled(n, 1024, BYTE_UNITS, 'B');
}

/** A count and its noun, singular for one: `1 session`, `2 sessions`, `0 sessions`. */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `987`, `9999`, `12.3k`, `4.5M`; `-` when unknown. */
export function formatCount(n?: number | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  if (n < 0) return String(Math.round(n));
  if (n < 10000) return String(Math.round(n));
  return scaled(n, 1000, ['k', 'M', 'G', 'T'], '');
}

/** `3.4/s`, `120/s`; `-` when unknown. */
export function formatRate(perSec: number | null | undefined): string {
  if (perSec === null || perSec === undefined || !Number.isFinite(perSec)) return '-';
  if (perSec < 10) return `${perSec.toFixed(1)}/s`;
  return `${formatCount(perSec)}/s`;
}
