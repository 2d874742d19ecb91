// Sorting sessions by a column. Keys are computed once per session per sort (not per comparison)
// so 100k sessions sort in a few tens of milliseconds.
import type { Session } from './model.js';
import { idleSinceMs } from './session-time.js';

export type SortColumn =
  | 'id'
  | 'host'
  | 'user'
  | 'client'
  | 'service'
  | 'state'
  | 'connected'
  | 'idle'
  | 'backends'
  | 'memory'
  | 'io';

export const SORT_COLUMNS: readonly SortColumn[] = [
  'id',
  'host',
  'user',
  'client',
  'service',
  'state',
  'connected',
  'idle',
  'backends',
  'memory',
  'io',
];

/** Columns whose keys are numbers (or null). */
const NUMERIC_COLUMNS: ReadonlySet<SortColumn> = new Set<SortColumn>(['id', 'connected', 'idle', 'backends', 'memory', 'io']);

// Header names and common spellings accepted by parseSortColumn.
const ALIASES: Record<string, SortColumn> = {
  target: 'host',
  address: 'client',
  remote: 'client',
  age: 'connected',
  'i/o': 'io',
  io_activity: 'io',
  mem: 'memory',
};

/** Case-insensitive; accepts the column names and header titles (`I/O`, `CLIENT`…). */
export function parseSortColumn(name: string): SortColumn | null {
  const n = name.trim().toLowerCase();
  if ((SORT_COLUMNS as readonly string[]).includes(n)) return n as SortColumn;
  return ALIASES[n] ?? null;
}

/** Quantities that matter when large (idle, age, backends, memory, I/O) sort largest first. */
export function defaultDescending(c: SortColumn): boolean {
  return c === 'idle' || c === 'connected' || c === 'backends' || c === 'memory' || c === 'io';
}

type Key = number | string | null;

/** The value a column sorts by; null sorts last in both directions. */
export function sortKey(s: Session, column: SortColumn): Key {
  switch (column) {
    case 'id':
      return s.id;
    case 'host':
      return s.target.toLowerCase();
    case 'user':
      return s.user === null ? null : s.user.toLowerCase();
    case 'client':
      return s.address === null ? null : s.address.toLowerCase() + (s.port === undefined ? '' : ':' + String(s.port).padStart(5, '0'));
    case 'service':
      return s.service === null ? null : s.service.toLowerCase();
    case 'state':
      return s.state.toLowerCase();
    case 'connected':
      // Age: an earlier connection time is a larger age.
      return s.connected === null ? null : -s.connected.getTime();
    case 'idle':
      // When it went idle, reversed: sessions from different polls compare as of one moment.
      return s.idle === null ? null : -(idleSinceMs(s) as number);
    case 'backends':
      return s.backends;
    case 'memory':
      return s.memory ?? null;
    case 'io':
      return s.ioActivity ?? null;
  }
}

function cmp(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Sorting 100k sessions with a comparator takes ~1.7M calls into JS (~40 ms). Instead the
// sessions are first put in tie order (target, id: how a poll lists them, so about n
// comparisons), then placed by key with a stable sort that never compares: numbers by a radix
// sort of their bits, strings by the rank of their key among the distinct keys when there are
// few (users, services, states). Mostly distinct strings (client addresses) keep the comparator.

interface Sorting {
  keys: readonly Key[];
  targets: string[];
  sessions: readonly Session[];
  dir: number;
}
const NOT_SORTING: Sorting = { keys: [], targets: [], sessions: [], dir: 1 };
let sorting = NOT_SORTING;

// Long-lived comparators that read the sort in progress, not closures made per sort: V8 holds
// the optimised code of a function that no live closure uses only weakly, so a fresh closure
// per sort loses it at every full collection and is compiled again (seen with `--log-code` on
// a running sesstop: the comparator recompiled every ~6 s at 1k sessions).
function compareTie(i: number, j: number): number {
  const { targets, sessions } = sorting;
  const t = cmp(targets[i], targets[j]);
  if (t !== 0) return t;
  return sessions[i].id - sessions[j].id;
}

function compareKeyThenTie(i: number, j: number): number {
  const { keys, dir } = sorting;
  const a = keys[i];
  const b = keys[j];
  if (a !== b) {
    if (a === null) return 1;
    if (b === null) return -1;
    const c = cmp(a, b);
    if (c !== 0) return c * dir;
  }
  return compareTie(i, j);
}

/** Whether the sessions already come by target, then id (a poll of one host, usually). */
function inTieOrder(sessions: readonly Session[]): boolean {
  for (let i = 1; i < sessions.length; i++) {
    const a = sessions[i - 1];
    const b = sessions[i];
    if (a.target === b.target ? a.id > b.id : a.target > b.target) return false;
  }
  return true;
}

function sortIndices(sessions: readonly Session[], keys: readonly Key[], dir: number, compare: (i: number, j: number) => number): number[] {
  const n = sessions.length;
  const targets: string[] = new Array(n);
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    targets[i] = sessions[i].target;
    order[i] = i;
  }
  sorting = { keys, targets, sessions, dir };
  try {
    order.sort(compare);
  } finally {
    sorting = NOT_SORTING;
  }
  return order;
}

/** Indices of the sessions by target, then id: the order of sessions whose keys are equal. */
function tieOrder(sessions: readonly Session[]): number[] {
  if (!inTieOrder(sessions)) return sortIndices(sessions, [], 1, compareTie);
  const order: number[] = new Array(sessions.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order;
}

// Where the low and high 32 bits of a float64 sit in a Uint32Array view of it.
const PROBE = new Uint32Array(new Float64Array([1]).buffer);
const LO = PROBE[0] === 0 ? 0 : 1;
const HI = 1 - LO;

// 16-bit digits (4 passes) for large lists; 8-bit ones (8 passes) for small, where clearing
// and summing 65,536 counters would cost more than the pass.
const LARGE_RADIX_FROM = 32_768;
const counts = new Int32Array(1 << 16);

/** Whether the keys along `ties` are already in order (NaN, no key, last): an id sort, usually. */
function inKeyOrder(ties: readonly number[], keys: Float64Array, dir: number): boolean {
  let prev = keys[ties[0]];
  for (let t = 1; t < ties.length; t++) {
    const k = keys[ties[t]];
    if (k !== k) prev = k;
    else if (prev !== prev || (k - prev) * dir < 0) return false;
    else prev = k;
  }
  return true;
}

/**
 * The sessions' indices in tie order, stably sorted by numeric key (NaN, no key, last): each
 * key's bits made to order as unsigned integers (negatives inverted, positives with the sign
 * bit set; all inverted for descending), then an LSD radix sort, 16 or 8 bits a pass, skipping
 * a pass whose digit is the same for every key. Overwrites `keys`.
 */
function radixOrder(ties: readonly number[], keys: Float64Array, descending: boolean): Int32Array {
  const n = ties.length;
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const flip = descending ? 0xffffffff : 0;
  let from = new Int32Array(n);
  const nulls: number[] = [];
  let m = 0;
  for (let t = 0; t < n; t++) {
    const i = ties[t];
    const k = keys[i];
    if (k !== k) {
      nulls.push(i);
      continue;
    }
    if (k === 0) keys[i] = 0; // -0 is 0
    const hi = words[2 * i + HI];
    if (hi & 0x80000000) {
      words[2 * i + HI] = ~hi ^ flip;
      words[2 * i + LO] = ~words[2 * i + LO] ^ flip;
    } else {
      words[2 * i + HI] = (hi | 0x80000000) ^ flip;
      words[2 * i + LO] = words[2 * i + LO] ^ flip;
    }
    from[m++] = i;
  }
  let to = new Int32Array(n);
  const digitBits = n >= LARGE_RADIX_FROM ? 16 : 8;
  const radix = 1 << digitBits;
  const mask = radix - 1;
  const perWord = 32 / digitBits;
  for (let pass = 0; pass < 2 * perWord; pass++) {
    const word = pass < perWord ? LO : HI;
    const shift = (pass % perWord) * digitBits;
    counts.fill(0, 0, radix);
    for (let t = 0; t < m; t++) counts[(words[2 * from[t] + word] >>> shift) & mask]++;
    if (counts[(words[2 * from[0] + word] >>> shift) & mask] === m) continue;
    let sum = 0;
    for (let d = 0; d < radix; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let t = 0; t < m; t++) {
      const i = from[t];
      to[counts[(words[2 * i + word] >>> shift) & mask]++] = i;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  for (let t = 0; t < nulls.length; t++) from[m + t] = nulls[t];
  return from;
}

/**
 * The sessions' indices in tie order, stably sorted by the rank of each key among the
 * distinct keys (nulls last); null when the keys are mostly distinct (sorting the distinct
 * keys would then cost what sorting the sessions does, plus the map).
 */
function rankOrder(ties: readonly number[], keys: readonly Key[], descending: boolean): Int32Array | null {
  const n = ties.length;
  const slot = new Map<string | number, number>();
  const values: (string | number)[] = [];
  const slots = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k === null) {
      slots[i] = -1;
      continue;
    }
    let s = slot.get(k);
    if (s === undefined) {
      s = values.length;
      if (s >= 64 && s * 4 > i) return null;
      slot.set(k, s);
      values.push(k);
    }
    slots[i] = s;
  }
  const distinct = values.length;
  const bySlot: number[] = new Array(distinct);
  for (let s = 0; s < distinct; s++) bySlot[s] = s;
  bySlot.sort((a, b) => cmp(values[a], values[b]));
  // Bucket per slot: its rank (reversed descending); the last bucket holds the nulls.
  const bucketOf = new Int32Array(distinct);
  for (let r = 0; r < distinct; r++) bucketOf[bySlot[r]] = descending ? distinct - 1 - r : r;
  const start = new Int32Array(distinct + 2);
  for (let i = 0; i < n; i++) start[(slots[i] < 0 ? distinct : bucketOf[slots[i]]) + 1]++;
  for (let b = 1; b <= distinct + 1; b++) start[b] += start[b - 1];
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    const i = ties[t];
    out[start[slots[i] < 0 ? distinct : bucketOf[slots[i]]]++] = i;
  }
  return out;
}

/**
 * A new array sorted by `column`; ties by target then id (always ascending), so the order is
 * total and stable across polls. Null/absent values go last whichever the direction.
 */
export function sortSessions(sessions: readonly Session[], column: SortColumn, descending: boolean): Session[] {
  const n = sessions.length;
  const dir = descending ? -1 : 1;
  const out: Session[] = new Array(n);
  if (n === 0) return out;
  let order: ArrayLike<number>;
  if (NUMERIC_COLUMNS.has(column)) {
    // Numbers straight into a typed array, NaN for none: no boxed key per session.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = sortKey(sessions[i], column);
      keys[i] = k === null ? NaN : (k as number);
    }
    const ties = tieOrder(sessions);
    order = inKeyOrder(ties, keys, dir) ? ties : radixOrder(ties, keys, descending);
  } else {
    const keys: Key[] = new Array(n);
    for (let i = 0; i < n; i++) keys[i] = sortKey(sessions[i], column);
    order = rankOrder(tieOrder(sessions), keys, descending) ?? sortIndices(sessions, keys, dir, compareKeyThenTie);
  }
  for (let t = 0; t < n; t++) out[t] = sessions[order[t]];
  return out;
}
