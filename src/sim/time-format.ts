// Timestamp formats the two dialects use. Always UTC so that output does not depend on the
// machine's time zone (real MaxScale uses its local zone for asctime and query times).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** C `asctime` without the newline: `Wed Aug 31 03:03:12 2016` (day space-padded to 2). */
export function asctime(ms: number): string {
  const d = new Date(ms);
  const day = d.getUTCDate();
  const dd = day < 10 ? ` ${day}` : String(day);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${dd} ${time} ${d.getUTCFullYear()}`;
}

/** HTTP-date as MaxScale 23.02+ sends `connected`: `Fri, 05 Jan 2024 07:24:06 GMT`. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** MaxScale's query timestamps: `2018-11-05T16:47:49.123` (no zone designator). */
export function isoMillis(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().slice(0, 23);
}

/**
 * Caches times formatted to the second by their second (a session's connect time is formatted on
 * every poll): whole seconds are small integers, which a Map finds several times faster than the
 * fractional milliseconds a simulated connect time has, and sessions that connected within the
 * same second share one entry. Bounded: cleared when it grows past `limit` entries.
 */
export function memoBySecond(format: (ms: number) => string, limit = 250_000): (ms: number) => string {
  const cache = new Map<number, string>();
  return (ms) => {
    // Outside Date's range (±8.64e15 ms) the text is "Invalid Date"-like: not cut to a second.
    if (!(Math.abs(ms) <= 8.64e15)) return format(ms);
    // Date truncates its milliseconds, then floors them to the second (before 1970 too).
    const second = Math.floor(Math.trunc(ms) / 1000);
    let text = cache.get(second);
    if (text === undefined) {
      if (cache.size >= limit) cache.clear();
      text = format(second * 1000);
      cache.set(second, text);
    }
    return text;
  };
}
