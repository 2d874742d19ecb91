// What each session of one target looked like in the last list poll. Most of a big list is the
// same from one poll to the next: a session whose wire values did not change is handed back as
// the same object (no validation, no allocation, memoised rows stay memoised), and one that did
// change is rebuilt reusing what did not (key, interned strings, the connected Date).
import type { Session } from '../core/model.js';
import { intern } from './validate.js';

export interface MemoEntry {
  session: Session;
  /** The wire text `connected` was parsed from (a Date cannot be compared with the next text). */
  connectedText: string | null;
  /** The wire form of the service (seed: `/services/x`; v1: the relationship id), interned. */
  serviceText: string | null;
  /** The poll that last produced this entry. */
  poll: number;
  /** How long the answer that gave the session's idle reading took (see sameMoment). */
  window: number;
  /** Where the poll that last produced this entry listed it (see SessionMemo.lookup). */
  position: number;
}

/** Where a `connected` text already parsed may be found, so sessions that share it share one Date. */
export interface ConnectedDates {
  dateOf(text: string): Date | undefined;
  keepDate(text: string, date: Date): void;
}

export class SessionMemo implements ConnectedDates {
  private readonly byId = new Map<number, MemoEntry>();
  private poll = 0;
  /** Entries this poll has produced so far. */
  private produced = 0;
  // The entries in the order the last poll listed them, and this poll's so far. A list comes back
  // in the same order poll after poll, so the entry after the one just found is almost always the
  // next one asked for: checking it first skips most map lookups, whose cache misses grow with the
  // map (reading 100k seed sessions' parsed pages, in-process: 65 → 44 ms a poll).
  private lastOrder: MemoEntry[] = [];
  private order: MemoEntry[] = [];
  /** Where in lastOrder the next session is expected. */
  private cursor = 0;
  // The `connected` texts parsed this poll and the last one. Sessions that connected in the same
  // second send the same text (100k sessions: ~57k Dates instead of 100k); a session seen before
  // reuses its own Date through its entry. Two polls' worth and never more: texts of sessions
  // long gone must not pile up in a process that runs all day.
  private dates = new Map<string, Date>();
  private lastDates = new Map<string, Date>();

  /** Starts a list poll. */
  begin(): void {
    this.poll++;
    this.produced = 0;
    this.lastOrder = this.order;
    this.order = [];
    this.cursor = 0;
    this.lastDates = this.dates;
    this.dates = new Map();
  }

  dateOf(text: string): Date | undefined {
    const date = this.dates.get(text);
    if (date !== undefined) return date;
    const last = this.lastDates.get(text);
    if (last !== undefined) this.dates.set(text, last);
    return last;
  }

  keepDate(text: string, date: Date): void {
    this.dates.set(text, date);
  }

  /** How many parsed `connected` texts are kept (at most those of this poll and the last). */
  get cachedDates(): number {
    return new Set([...this.dates.keys(), ...this.lastDates.keys()]).size;
  }

  /**
   * What an earlier poll kept of session `id` (undefined if it is new), or null when this poll
   * has already produced it (it repeats across pages). At most one map lookup (at 100k sessions
   * a second one per session cost ~25 ms a poll), and none when the session is where the last
   * poll listed it.
   */
  lookup(id: number): MemoEntry | undefined | null {
    const expected = this.lastOrder[this.cursor];
    const entry = expected !== undefined && expected.session.id === id ? expected : this.byId.get(id);
    if (entry === undefined) return undefined;
    if (entry.poll === this.poll) return null;
    // Entries the last poll listed carry their place in it; the next one is expected next.
    if (entry.poll === this.poll - 1) this.cursor = entry.position + 1;
    return entry;
  }

  /** Records what this poll produced for a session; `entry` is the previous one to update, if any. */
  remember(session: Session, connectedText: string | null, serviceText: string | null, entry: MemoEntry | undefined, window: number): void {
    this.produced++;
    if (entry !== undefined) {
      entry.session = session;
      entry.connectedText = connectedText;
      entry.serviceText = serviceText;
      entry.window = window;
      this.listed(entry);
    } else {
      const created: MemoEntry = { session, connectedText, serviceText, poll: this.poll, window, position: this.order.length };
      this.order.push(created);
      this.byId.set(session.id, created);
    }
  }

  /** The session is in this poll unchanged. */
  keep(entry: MemoEntry): void {
    this.produced++;
    this.listed(entry);
  }

  /** Marks an entry as produced by this poll, in the order the poll lists it. */
  private listed(entry: MemoEntry): void {
    entry.poll = this.poll;
    entry.position = this.order.length;
    this.order.push(entry);
  }

  /**
   * Ends a poll, complete or failed: forgets every session it did not produce (gone, or on a page
   * a failed poll did not reach: the next poll reads those afresh). The memo never holds more than
   * one poll's sessions, whatever a server sends.
   */
  finish(): void {
    this.lastOrder = []; // sessions gone must not outlive the poll that missed them
    if (this.byId.size === this.produced) return;
    for (const [id, entry] of this.byId) if (entry.poll !== this.poll) this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}

/** A validated wire string to keep: the copy already kept when equal (one copy per session, not per poll). */
export function wireText(raw: unknown, kept: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  return raw === kept ? kept : raw;
}

/** A validated wire string shared by many sessions (a service path or id): interned. */
export function internedText(raw: unknown, kept: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  return raw === kept ? kept : intern(raw);
}

/**
 * Reads one list page's items into `into`, skipping those `read` returns null for (a session
 * this poll already produced: sessions move between pages while we page). Returns how many
 * were added.
 */
export function appendPageItems(items: unknown[], read: (item: unknown, index: number) => Session | null, into: Session[]): number {
  let added = 0;
  for (let i = 0; i < items.length; i++) {
    const s = read(items[i], i);
    if (s === null) continue;
    into.push(s);
    added++;
  }
  return added;
}
