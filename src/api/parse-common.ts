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
 * How far two readings of an idle time may disagree on the moment it tells and still be the same
 * moment: the answer's own time is taken on arrival (its latency varies by tens of ms), and the
 * server cuts the value to its resolution: tenths of a second in MaxScale, whole seconds in the
 * seed design's examples (a value with no fraction on both readings may be a second out).
 */
export const TENTHS_TOLERANCE_MS = 350;
export const WHOLE_SECONDS_TOLERANCE_MS = 1250;

export function readingTolerance(value: number, previous: number): number {
  return Number.isInteger(value) && Number.isInteger(previous) ? WHOLE_SECONDS_TOLERANCE_MS : TENTHS_TOLERANCE_MS;
}

/**
 * True when an idle time (or age) read now, `value` seconds at `at`, tells the same moment as
 * `previous` seconds at `previousAt` (see readingTolerance): the session has done nothing since.
 * The earlier reading can then stand with its own time, and the session be reused whole. A
 * previous reading shorter than the tolerance never matches: a session busy between the two
 * polls (idle 0, then 0 again) must show 0, not the time since the first poll; and after one
 * that long, any activity moves the moment by more than the tolerance.
 */
export function sameMoment(value: unknown, at: number, previous: number | null | undefined, previousAt: number): boolean {
  if (previous === null || previous === undefined) return value === null || value === undefined;
  if (typeof value !== 'number') return false;
  const tolerance = readingTolerance(value, previous);
  if (previous * 1000 < tolerance) return false;
  const drift = at - value * 1000 - (previousAt - previous * 1000);
  return drift <= tolerance && drift >= -tolerance;
}
