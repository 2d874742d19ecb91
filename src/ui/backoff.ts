// How long to wait before the next poll. Pure.
export const MAX_BACKOFF_SEC = 60;

/** The interval, doubled per consecutive failure, capped at a minute (or the interval if longer). */
export function nextDelaySec(intervalSec: number, failures: number): number {
  if (failures <= 0) return intervalSec;
  return Math.min(intervalSec * 2 ** failures, Math.max(MAX_BACKOFF_SEC, intervalSec));
}
