// Hand-written readers for untrusted JSON. Each failure is a 'bad-response' ApiError naming the
// field path (`data[3].attributes.idle`) and what was expected.
import { sessionKey } from '../core/model.js';
import { ApiError } from './types.js';
import { badResponse, oneLine, preview } from './errors.js';

export type Json = Record<string, unknown>;

export class Fields {
  /** `sessionKey(target, id)` is this + id: one shared prefix, one small string per key. */
  readonly keyPrefix: string;

  constructor(
    readonly target: string,
    readonly status?: number,
    /** When the answer being read arrived (Date.now()): the time its idle times are as of… */
    readonly at: number = Date.now(),
    /** …and how long before that its request left, ms: the server measured them in that window. */
    readonly window: number = 0,
  ) {
    this.keyPrefix = sessionKey(target, 0).slice(0, -1);
  }

  fail(path: string, value: unknown, expected: string): ApiError {
    return badResponse(this.target, `${oneLine(path, 120)} is ${preview(value)}, expected ${expected}`, this.status);
  }

  object(value: unknown, path: string): Json {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw this.fail(path, value, 'an object');
    return value as Json;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) throw this.fail(path, value, 'an array');
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') throw this.fail(path, value, 'a string');
    return value;
  }

  optString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.fail(path, value, 'a number');
    return value;
  }

  optNumber(value: unknown, path: string): number | undefined {
    return value === undefined || value === null ? undefined : this.number(value, path);
  }

  /** Session ids: a positive integer, as a number (seed) or a decimal string (v1). */
  id(value: unknown, path: string): number {
    const n = typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw this.fail(path, value, 'a positive integer id');
    return n;
  }
}

// JSON.parse makes a new string for every occurrence of a value. State, user, address and
// service repeat across 100k sessions: one shared copy each saves ~150 bytes per session. The
// pool is bounded (emptied when full) so unique values (e.g. many client addresses) cannot grow it.
const INTERN_LIMIT = 20_000;
const interned = new Map<string, string>();
const names = new Map<string, string>();

/** The shared copy of a string that repeats across sessions (same value, less memory). */
export function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(text, text);
  return text;
}

/** Last path segment: `/services/my-service` → `my-service`; plain names pass through. Interned. */
export function nameFromPath(path: string): string {
  const known = names.get(path);
  if (known !== undefined) return known;
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const name = intern(slash >= 0 ? trimmed.slice(slash + 1) : trimmed);
  if (names.size >= INTERN_LIMIT) names.clear();
  names.set(path, name);
  return name;
}
