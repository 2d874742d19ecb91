// Date formats MaxScale sends. MaxScale prints `connected` (asctime, before 23.02) and query
// timestamps in the SERVER's local time without a zone; we cannot know that zone, so they are
// read as UTC. HTTP-dates (23.02+) carry GMT and are exact.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = `(${MONTHS.join('|')})`;

// `Wed Aug 31 03:03:12 2016` (day may be space-padded: `Wed Aug  1 03:03:12 2016`).
const ASCTIME = new RegExp(`^${DAYS} ${MONTH} +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`);
// `Fri, 05 Jan 2024 07:24:06 GMT`
const HTTP_DATE = new RegExp(`^${DAYS}, (\\d{2}) ${MONTH} (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`);
// `2018-11-05T16:47:49.123` (query timestamps), optionally with a zone.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

function utc(year: number, month: number, day: number, h: number, m: number, s: number, ms = 0): Date | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return null;
  const date = new Date(Date.UTC(year, month, day, h, m, s, ms));
  // Date.UTC reads years 0–99 as 1900–1999: year 0099 is 0099.
  if (year < 100) date.setUTCFullYear(year, month, day);
  // Reject rollovers such as Feb 31.
  return date.getUTCDate() === day ? date : null;
}

/** asctime or HTTP-date → Date; null when the text is neither. */
export function parseConnected(text: string): Date | null {
  const a = ASCTIME.exec(text);
  if (a) return utc(Number(a[6]), MONTHS.indexOf(a[1]), Number(a[2]), Number(a[3]), Number(a[4]), Number(a[5]));
  const h = HTTP_DATE.exec(text);
  if (h) return utc(Number(h[3]), MONTHS.indexOf(h[2]), Number(h[1]), Number(h[4]), Number(h[5]), Number(h[6]));
  return parseIsoTime(text);
}

/** ISO-8601 local-or-zoned time → Date (zone-less read as UTC); null otherwise. */
export function parseIsoTime(text: string): Date | null {
  const i = ISO.exec(text);
  if (!i) return null;
  const ms = i[7] ? Number(i[7].padEnd(3, '0').slice(0, 3)) : 0;
  const base = utc(Number(i[1]), Number(i[2]) - 1, Number(i[3]), Number(i[4]), Number(i[5]), Number(i[6]), ms);
  if (!base || !i[8] || i[8] === 'Z') return base;
  const sign = i[8].startsWith('-') ? -1 : 1;
  const digits = i[8].replace(/[+:-]/g, '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return new Date(base.getTime() - sign * offsetMin * 60_000);
}
