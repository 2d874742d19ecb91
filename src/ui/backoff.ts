// How long to wait before the next poll. Pure.
export const MAX_BACKOFF_SEC = 60;
/** Failed polls retried at the plain interval before backing off: a restarted server is seen within one interval. */
export const RETRIES_AT_INTERVAL = 3;

/**
 * The interval for the first few consecutive failures, then doubled per further failure,
 * capped at a minute (or the interval if longer).
 */
export function nextDelaySec(intervalSec: number, failures: number): number {
  if (failures <= RETRIES_AT_INTERVAL) return intervalSec;
  return Math.min(intervalSec * 2 ** (failures - RETRIES_AT_INTERVAL), Math.max(MAX_BACKOFF_SEC, intervalSec));
}
