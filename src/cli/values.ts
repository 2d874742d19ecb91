// Parsers for option values. Each returns the value or throws a usage error naming the option.
import { parseTarget } from '../api/target.js';
import { ApiError } from '../api/types.js';
import { parseDurationMs, parseSecondsText, secondsText } from '../core/duration.js';
import { usageError } from './errors.js';

const MAX_TIMEOUT_MS = 3_600_000;
const TIMEOUT_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h']);

function quote(text: string): string {
  return `'${text.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)}'`;
}

/** `-t/--timeout`: plain milliseconds as maxctrl, or a number with ms/s/m/h. Must be > 0. */
export function parseTimeoutMs(text: string, source: string): number {
  const parsed = parseDurationMs(text, 'ms', TIMEOUT_UNITS);
  if (parsed === null) {
    throw usageError(`${source}: ${quote(text)} is not a duration`, 'use milliseconds (10000) or a suffix: 500ms, 10s, 1m');
  }
  const ms = Math.round(parsed);
  if (ms <= 0) throw usageError(`${source}: the timeout must be more than 0`, 'e.g. --timeout 10s');
  // Node timers hold at most 2^31 − 1 ms (24.8 days); an hour is more than any answer is worth waiting for.
  if (ms > MAX_TIMEOUT_MS) throw usageError(`${source}: ${quote(text)} is too large`, 'use at most 1h');
  return ms;
}

/** Seconds as a plain number or with s/m/h/d (`300`, `5m`, `1.5h`). */
export function parseSeconds(text: string, source: string, opts: { min?: number; max?: number; allowZero?: boolean } = {}): number {
  const sec = parseSecondsText(text);
  if (sec === null) {
    throw usageError(`${source}: ${quote(text)} is not a number of seconds`, 'use seconds (300) or a suffix: 30s, 5m, 1h, 2d');
  }
  const min = opts.min ?? 0;
  if (sec < min || (sec === 0 && !opts.allowZero)) {
    throw usageError(`${source}: ${quote(text)} is too small`, `use at least ${min > 0 ? min : 'more than 0'} seconds`);
  }
  if (opts.max !== undefined && sec > opts.max) {
    throw usageError(`${source}: ${quote(text)} is too large`, `use at most ${opts.max} seconds (${secondsText(opts.max)})`);
  }
  return sec;
}

/** A non-negative decimal integer (`--iterations`, `--ttl`, `--sim-sessions`, `--seed`). */
export function parseCount(text: string, source: string, opts: { min?: number; max?: number } = {}): number {
  const t = text.trim();
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(t) || Number(t) < min || Number(t) > max) {
    throw usageError(`${source}: ${quote(text)} is not a whole number from ${min} to ${max}`, `e.g. ${source} ${min + 1}`);
  }
  return Number(t);
}

/** `-h/--hosts`: comma-separated and repeatable; each HOST:PORT, HOST or http(s) URL. Order kept, duplicates dropped. */
export function parseHosts(values: readonly string[], source: string): string[] {
  const hosts: string[] = [];
  // The same MaxScale written two ways (`x`, `X:8989`, `http://x:8989/`) is polled once, as first written.
  const seen = new Set<string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const host = part.trim();
      if (host === '') {
        throw usageError(`${source}: empty host name in ${quote(value)}`, 'separate hosts with commas: -h a:8989,b:8989');
      }
      let same: string;
      try {
        const t = parseTarget(host);
        same = `${t.origin.replace(/^https?:\/\//, '').toLowerCase()}${t.basePath}`;
      } catch (error) {
        const why = error instanceof ApiError ? error.message : String(error);
        throw usageError(`${source}: ${why}`, 'e.g. -h maxscale1:8989 or -h https://maxscale1:8989');
      }
      if (seen.has(same)) continue;
      seen.add(same);
      hosts.push(host);
    }
  }
  return hosts;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** true/1/yes/on or false/0/no/off, any case; null for anything else. */
export function booleanWord(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  return TRUE.has(t) ? true : FALSE.has(t) ? false : null;
}

/** A boolean from a config file (`secure` alone reads as true; `ini` gives booleans for true/false). */
export function parseBoolean(value: unknown, source: string): boolean {
  if (typeof value === 'boolean') return value;
  const b = booleanWord(String(value));
  if (b !== null) return b;
  throw usageError(`${source}: ${quote(String(value))} is not true or false`, 'write true or false');
}

/** `--name=VALUE` of an on/off option: the words a config file takes, else a usage error. */
export function parseFlagValue(flag: string, value: string): boolean {
  const b = booleanWord(value);
  if (b !== null) return b;
  throw usageError(`${flag}=${quote(value)} is neither on nor off`, `write ${flag} alone, or ${flag}=true / ${flag}=false`);
}
