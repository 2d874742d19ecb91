// Pieces both dialect parsers share: JSON decoding of an untrusted body and the session fields
// whose format is the same in both dialects.
import { badResponse } from './errors.js';
import { parseConnected } from './dates.js';
import type { Session } from '../core/model.js';
import type { ConnectedDates } from './session-memo.js';
import { intern, type Fields, type Json } from './validate.js';

/** JSON.parse that only ever throws a 'bad-response' ApiError. */
export function parseJsonBody(body: string, target: string, status?: number): unknown {
  if (body.trim() === '') throw badResponse(target, 'the response body is empty, expected JSON', status);
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    // Deep nesting can overflow the stack inside JSON.parse: still a bad response, never a crash.
    const why = e instanceof RangeError ? 'nested too deeply' : 'not valid JSON (truncated or not a JSON API?)';
    throw badResponse(target, `the response is ${why}`, status);
  }
}

/**
 * A session's `connected` time. With `dates` (a list poll's memo), a text parsed before is not
 * parsed again and its Date is shared (nothing mutates a Date we hand out).
 */
export function readConnected(f: Fields, value: unknown, path: string, dates?: ConnectedDates): Date | null {
  if (value === undefined || value === null) return null;
  const text = f.string(value, path);
  const known = dates?.dateOf(text);
  if (known !== undefined) return known;
  const date = parseConnected(text);
  if (!date) throw f.fail(path, value, 'a date like "Wed Aug 31 03:03:12 2016" or "Fri, 05 Jan 2024 07:24:06 GMT"');
  dates?.keepDate(text, date);
  return date;
}

/** `idle` at `prefix[index]field`: its path is built only when the value is wrong (every poll changes it). */
export function readIdle(f: Fields, value: unknown, prefix: string, index: number, field: string): number | null {
  const idle = optNumberAt(f, value, prefix, index, field);
  if (idle === undefined) return null;
  if (idle < 0) throw f.fail(pathAt(prefix, index, field), value, 'a number of seconds ≥ 0');
  return idle;
}

/** An optional count of seconds (an age) at `prefix[index]field`: a number ≥ 0. */
export function readSeconds(f: Fields, value: unknown, prefix: string, index: number, field: string): number | undefined {
  const seconds = optNumberAt(f, value, prefix, index, field);
  if (seconds !== undefined && seconds < 0) throw f.fail(pathAt(prefix, index, field), value, 'a number of seconds ≥ 0');
  return seconds;
}

/** An optional number at `prefix[index]field`, its path built only when the value is wrong. */
export function optNumberAt(f: Fields, value: unknown, prefix: string, index: number, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return f.number(value, pathAt(prefix, index, field));
}

/** A string that repeats across sessions (user, address, service): interned. */
export function readNullableString(f: Fields, value: unknown, path: string): string | null {
  return value === undefined || value === null ? null : intern(f.string(value, path));
}

/** `user`: absent (v1) or empty (seed, while authenticating) both mean "no user yet". */
export function readUser(f: Fields, value: unknown, path: string): string | null {
  const user = readNullableString(f, value, path);
  return user === '' ? null : user;
}

/** `body.state`, `[3].state`, `data[3].attributes.idle`: built only when a value is wrong. */
export function pathAt(prefix: string, index: number, field: string): string {
  return index < 0 ? prefix + field : `${prefix}[${index}]${field}`;
}

/** A list item must be an object: checked without building its path unless it is not. */
export function readItem(f: Fields, value: unknown, prefix: string, index: number): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw f.fail(pathAt(prefix, index, ''), value, 'an object');
  return value as Json;
}

/** A session id; the common case (a positive integer number) without building a path. */
export function readId(f: Fields, value: unknown, prefix: string, index: number, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  return f.id(value, pathAt(prefix, index, field));
}

/**
 * True when a wire value equals the value the previous poll normalised it to, so that value can
 * be reused as is (it was validated then). Absent and null are the same.
 */
export function sameValue(raw: unknown, previous: string | number | null | undefined): boolean {
  return previous === null || previous === undefined ? raw === null || raw === undefined : raw === previous;
}

/** `sameValue` for `user`, where an empty user also normalises to null. */
export function sameUser(raw: unknown, previous: string | null): boolean {
  return previous === null ? raw === null || raw === undefined || raw === '' : raw === previous;
}


/** True when the fields both dialects share were all read as the very values `previous` holds. */
export function sameCore(previous: Session, state: string, user: string | null, address: string | null, service: string | null, connected: Date | null): boolean {
  return state === previous.state && user === previous.user && address === previous.address && service === previous.service && connected === previous.connected;
}

/**
 * What the server cuts an idle time (or age) to: tenths of a second in MaxScale, whole seconds in
 * the seed design's examples (a value with no fraction on both readings may be a second out).
 */
export function readingResolutionMs(value: number, previous: number): number {
  return Number.isInteger(value) && Number.isInteger(previous) ? 1000 : 100;
}

/** Clock and float rounding on top of a reading's window. */
export const READING_SLACK_MS = 50;
/** A consistent new reading that puts the moment this much earlier replaces the kept one. */
const REFINE_MS = 250;

/**
 * True when an idle time (or age) read now, `value` seconds in an answer that arrived at `at`
 * and took `window` ms, tells the same moment as the kept reading (`previous` s at `previousAt`,
 * `previousWindow` ms): the session has done nothing since, and the kept reading (and the
 * session object) can stand.
 *
 * A reading places the moment within (at − value − window − resolution, at − value]: the server
 * measured somewhere between the request leaving and the answer arriving, and cut the value to
 * its resolution. Two readings of a session that did nothing overlap; one after any activity
 * does not, as long as the kept reading is longer than its own uncertainty (a busy session,
 * idle 0 and again 0, is always read anew: it shows 0, not the time since the first poll).
 * The kept moment is the latest one (shortest idle time) consistent with what was read, so an
 * idle session's time never goes back on screen; with `refine`, a new reading that puts it
 * clearly earlier (an answer faster than the kept one's) replaces it. (Not for an age read in
 * the same answer as an idle time: replacing both for the sake of the age could set the idle
 * time back by its coarser resolution.)
 */
export function sameMoment(
  value: unknown,
  at: number,
  window: number,
  previous: number | null | undefined,
  previousAt: number,
  previousWindow: number,
  refine = true,
): boolean {
  if (previous === null || previous === undefined) return value === null || value === undefined;
  if (typeof value !== 'number') return false;
  const resolution = readingResolutionMs(value, previous) + READING_SLACK_MS;
  if (previous * 1000 < previousWindow + resolution) return false;
  const drift = at - value * 1000 - (previousAt - previous * 1000);
  const earliest = previousWindow + resolution;
  return drift <= window + resolution && drift >= -(refine ? Math.min(earliest, REFINE_MS) : earliest);
}
