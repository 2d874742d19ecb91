// The UI's state and its pure reducer: every change to the screen is an action here, so key
// handlers never read stale closures and the logic is testable without Ink.
import type { Connection, ServerInfo, Session, TargetHealth } from '../core/model.js';
import type { PoolSnapshot } from '../api/types.js';
import { identityChanges } from '../api/safe-close.js';
import { compileFilter, type Predicate } from '../core/filter.js';
import { defaultDescending, SORT_COLUMNS, type SortColumn } from '../core/sort.js';
import { applyView, clamp, followCursor, windowRows } from '../core/view.js';
import { connectionRates, type ConnectionRate } from '../core/rates.js';
import { sanitize } from '../core/sanitize.js';
import { confirmView, forgetLonger, markSeen, nothingSeen, seenAll, seenNothing, type ConfirmSeen, type ConfirmView } from './confirm-view.js';
import { helpScrolls, helpView } from './help-view.js';
import { parseSecondsText, secondsText } from '../core/duration.js';
import { formatDuration } from '../core/format.js';

export type Mode = 'table' | 'filter' | 'minIdle' | 'confirm' | 'help' | 'detail';

export interface Message {
  text: string;
  kind: 'info' | 'error';
  /** The result of a close: news about polling (recovered) must not replace it. */
  closeResult?: boolean;
  /** Why `y` did nothing: 'refused' goes once everything has been on screen, 'early' stays. */
  confirmHint?: 'refused' | 'early';
  /** A shorter wording for narrow terminals. */
  short?: string;
  /** Says this host is down: goes as soon as a poll finds it answering again. */
  whileDown?: string;
}

export interface DetailState {
  key: string;
  /** The list's latest reading of the session opened (the pane shows it until the first detail read). */
  listed: Session;
  /**
   * The session opened left, or its id now names another session ('replaced': MaxScale restarted
   * and reused it). The pane keeps showing the session opened, marked; nothing more is read or
   * closed for it.
   */
  gone: 'left' | 'replaced' | null;
  /** The latest detail read of the session (null until the first fetch answers). */
  session: Session | null;
  connections: Connection[];
  rates: ConnectionRate[];
  /** Clock ms of the last detail fetch (for rates). */
  at: number | null;
  error: string | null;
}

/** v1 per-server statistics of one target, read while a detail pane is open (at most once per poll). */
export interface ServerStatsState {
  /** The last answer; null after a failure (stale numbers are not shown as current). */
  servers: ServerInfo[] | null;
  error: string | null;
}

export interface StaleState {
  /** Clock ms when the data was last fresh. */
  since: number;
  error: string;
  failures: number;
  /** Clock ms when the poller will try again (null until it says). */
  retryAt: number | null;
}

export interface UiState {
  sessions: Session[];
  health: TargetHealth[];
  /** Clock ms when the shown data arrived (null before the first poll). */
  fetchedAt: number | null;
  /** Clock ms, advanced by the one screen ticker. */
  now: number;
  history: number[];
  arrivals: number | null;
  departures: number | null;
  /** Successful polls applied. */
  polls: number;
  /** Polls that ended, successful or not. */
  attempts: number;

  sort: SortColumn;
  descending: boolean;
  filterText: string;
  filter: Predicate | undefined;
  /** The text of `filter`, the filter applied (the last valid one typed): what the header names. */
  filterApplied: string;
  filterError: string | null;
  minIdle: number;
  minIdleInput: string;
  /** The prompt still holds the current value it opened with: the first typed key replaces it. */
  minIdleFresh: boolean;
  minIdleError: string | null;
  visible: Session[];
  cursor: number;
  cursorKey: string | null;
  top: number;
  tags: ReadonlySet<string>;

  mode: Mode;
  confirm: Session[] | null;
  /** The first line of the confirmation on screen, when it is longer than the screen. */
  confirmTop: number;
  /** The confirmation closes the tagged sessions (not the one under the cursor). */
  confirmTagged: boolean;
  /** What of the confirmation has been on screen… */
  confirmSeen: ConfirmSeen;
  /** …all of it: `y` acts only then (and only while some of it fits on screen, see canConfirm). */
  confirmSeenAll: boolean;
  /** The confirmation is longer than the screen: ↑↓ PgUp PgDn Home End scroll it. */
  confirmScrollable: boolean;
  /** The first line of the help screen on screen, when it is longer than the screen… */
  helpTop: number;
  /** …which it is: ↑↓ PgUp PgDn Home End scroll it. */
  helpScrollable: boolean;
  closing: boolean;
  /** Keys of the last close's sessions: their departure must not hide the close's result. */
  lastClosed: ReadonlySet<string>;
  detail: DetailState | null;
  /** By target: per-server statistics for the detail pane (v1 only). */
  serverStats: ReadonlyMap<string, ServerStatsState>;

  paused: boolean;
  intervalSec: number;
  stale: StaleState | null;
  message: Message | null;
  /** Clock ms when `message` was set; info messages fade after MESSAGE_TTL_MS. */
  messageAt: number;
  readOnly: boolean;
  columns: number;
  rows: number;
  /** Counts resizes: each one must produce a new frame. */
  redraws: number;
}

/** A movement key: by one line, by a page, or to either end. */
export type Step = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

function stepPosition(to: Step, current: number, page: number, last: number): number {
  switch (to) {
    case 'up':
      return current - 1;
    case 'down':
      return current + 1;
    case 'pageUp':
      return current - page;
    case 'pageDown':
      return current + page;
    case 'home':
      return 0;
    case 'end':
      return last;
  }
}

export type UiAction =
  | { type: 'snapshot'; snapshot: PoolSnapshot; at: number }
  | { type: 'pollFailed'; error: string; at: number }
  | { type: 'tick'; now: number }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'move'; to: Step }
  | { type: 'sortBy'; column: SortColumn }
  | { type: 'sortShift'; delta: 1 | -1 }
  | { type: 'toggleTag' }
  | { type: 'clearTags' }
  | { type: 'openFilter' }
  | { type: 'filterInput'; text: string }
  | { type: 'filterDone' }
  | { type: 'filterClear' }
  | { type: 'openMinIdle' }
  | { type: 'minIdleInput'; text: string }
  | { type: 'minIdleDone' }
  | { type: 'minIdleCancel' }
  | { type: 'askClose' }
  | { type: 'confirmScroll'; to: Step }
  | { type: 'helpScroll'; to: Step }
  /** A frame of `rendered` was written to the terminal. */
  | { type: 'drawn'; rendered: UiState }
  /** While stale: when the poller tries again. */
  | { type: 'retryAt'; at: number }
  /** `y` before the whole confirmation was on screen: explain, close nothing. */
  | { type: 'confirmUnseen' }
  | { type: 'cancelClose' }
  | { type: 'closeStarted' }
  /** Tags of every confirmed session are dropped, closed or not: a new close needs a new choice. */
  | { type: 'closeFinished'; message: Message }
  | { type: 'openDetail' }
  | { type: 'closeDetail' }
  | { type: 'detailLoaded'; key: string; session: Session; connections: Connection[]; at: number }
  | { type: 'detailFailed'; key: string; error: string }
  | { type: 'serversLoaded'; target: string; servers: ServerInfo[] }
  | { type: 'serversFailed'; target: string; error: string }
  | { type: 'toggleHelp' }
  | { type: 'togglePause' }
  | { type: 'setInterval'; intervalSec: number }
  | { type: 'message'; message: Message | null };

export interface InitOptions {
  sort: SortColumn;
  descending: boolean;
  filter?: string;
  minIdle?: number;
  intervalSec: number;
  readOnly: boolean;
  columns: number;
  rows: number;
  now: number;
}

export const HISTORY_LENGTH = 60;
/** As -d allows. */
export const MIN_INTERVAL_SEC = 0.1;
export const MAX_INTERVAL_SEC = 3600;

/** Lines used by everything but the table rows: header (3), table header (1), footer (2). */
export const CHROME_LINES = 6;

export function initialState(o: InitOptions): UiState {
  const compiled = compileFilter(o.filter ?? '');
  return {
    sessions: [],
    health: [],
    fetchedAt: null,
    now: o.now,
    history: [],
    arrivals: null,
    departures: null,
    polls: 0,
    attempts: 0,
    sort: o.sort,
    descending: o.descending,
    filterText: o.filter ?? '',
    filter: compiled.ok && (o.filter ?? '').trim() !== '' ? compiled.predicate : undefined,
    filterApplied: compiled.ok ? (o.filter ?? '').trim() : '',
    filterError: compiled.ok ? null : compiled.error,
    minIdle: Math.max(0, o.minIdle ?? 0),
    minIdleInput: '',
    minIdleFresh: false,
    minIdleError: null,
    visible: [],
    cursor: 0,
    cursorKey: null,
    top: 0,
    tags: new Set(),
    mode: 'table',
    confirm: null,
    confirmTop: 0,
    confirmTagged: false,
    confirmSeen: nothingSeen(),
    confirmSeenAll: false,
    confirmScrollable: false,
    helpTop: 0,
    helpScrollable: false,
    closing: false,
    lastClosed: new Set(),
    detail: null,
    serverStats: new Map(),
    paused: false,
    intervalSec: o.intervalSec,
    stale: null,
    message: compiled.ok ? null : { kind: 'error', text: compiled.error },
    messageAt: o.now,
    readOnly: o.readOnly,
    columns: o.columns,
    rows: o.rows,
    redraws: 0,
  };
}

/** Lines the close confirmation has above its answer line: the table's rows and its header line, less the answer line. */
export function confirmRoom(rows: number): number {
  return Math.max(0, rows - 1 - CHROME_LINES);
}

/** The confirmation as a frame of `state` shows it, its window at `top`. */
export function confirmViewOf(state: UiState, top = state.confirmTop): ConfirmView {
  if (top !== state.confirmTop) return buildConfirmView(state, top);
  // A frame asks for it several times (lines, answer, key line): wrap every session once per state.
  let view = shownConfirmViews.get(state);
  if (!view) shownConfirmViews.set(state, (view = buildConfirmView(state, top)));
  return view;
}
const buildConfirmView = (state: UiState, top: number): ConfirmView =>
  confirmView(state.confirm ?? [], state.now, state.columns, confirmRoom(state.rows), top, state.confirmTagged);
const shownConfirmViews = new WeakMap<UiState, ConfirmView>();

/** Places the confirmation's window at `top` (clamped) for the screen size. */
function withConfirmView(state: UiState, top: number, before?: UiState): UiState {
  if (state.mode !== 'confirm' || !state.confirm) return state;
  const view = confirmViewOf(state, top);
  const next = { ...state, confirmTop: view.top, confirmScrollable: view.room > 0 && view.lines.length > view.room };
  // The same question at the same width, its text changed (idle times, newer readings): a part
  // that grew has lines never shown.
  if (before?.mode === 'confirm' && before.confirm && before.columns === state.columns && before.rows === state.rows) {
    const confirmSeen = forgetLonger(state.confirmSeen, confirmViewOf(before), view);
    if (confirmSeen !== state.confirmSeen) return { ...next, confirmSeen, confirmSeenAll: seenAll(confirmSeen, view) };
  }
  return next;
}

/**
 * A frame of `rendered` reached the terminal: the lines of the confirmation it showed count as
 * seen. Only then, not when the state changed: Ink holds frames back (maxFps), and a `y` read in
 * between must not answer a question that was never on screen.
 */
function withDrawn(state: UiState, rendered: UiState): UiState {
  if (state.mode !== 'confirm' || !state.confirm || rendered.mode !== 'confirm' || rendered.confirm !== state.confirm) return state;
  const view = confirmViewOf(rendered);
  const confirmSeen = markSeen(state.confirmSeen, view, rendered.columns);
  const confirmSeenAll = seenAll(confirmSeen, view);
  // The reason `y` was refused is gone once everything has been shown and some of it is on screen
  // (a `y` that came too early stays explained: the user presses it again).
  const settled = confirmSeenAll && view.room > 0 && state.message?.confirmHint === 'refused';
  if (confirmSeen === state.confirmSeen && !settled) return state;
  return { ...state, confirmSeen, confirmSeenAll, message: settled ? null : state.message };
}

/** Lines the help screen has: everything between the header and the footer. */
export function helpRoom(rows: number): number {
  return Math.max(0, rows - CHROME_LINES);
}

/** Places the help screen's window at `top` (clamped) for the screen size. */
function withHelpView(state: UiState, top: number): UiState {
  if (state.mode !== 'help') return state;
  const view = helpView(state.columns, helpRoom(state.rows), top);
  return { ...state, helpTop: view.top, helpScrollable: helpScrolls(view) };
}

/**
 * Whether `y` will act once the frame of this state is on screen: what the key and answer lines
 * say (they are part of that frame), while canConfirm says what `y` does now.
 */
export function confirmableOnceDrawn(state: UiState): boolean {
  if (state.mode !== 'confirm' || !state.confirm || confirmRoom(state.rows) === 0) return false;
  if (state.confirmSeenAll) return true;
  const view = confirmViewOf(state);
  return seenAll(markSeen(state.confirmSeen, view, state.columns), view);
}

/**
 * `y` closes only sessions the user has seen named: every line of the confirmation has been on
 * screen, and some of it is on screen now (a terminal shrunk to nothing shows no question).
 */
export function canConfirm(state: UiState): boolean {
  return state.mode === 'confirm' && state.confirm !== null && state.confirmSeenAll && confirmRoom(state.rows) > 0;
}

/** Rows of the table that fit: the whole screen minus the chrome, and never more than rows − 1 lines in all. */
export function tableHeight(rows: number): number {
  return Math.max(1, rows - 1 - CHROME_LINES);
}

/** Recomputes the visible list and keeps the cursor on its session. */
function review(state: UiState, sessions: Session[], announceLeft: boolean): UiState {
  const visible = applyView(sessions, {
    filter: state.filter,
    minIdle: state.minIdle,
    at: state.now,
    sort: state.sort,
    descending: state.descending,
  });
  const was = state.cursorKey === null ? undefined : cursorSession(state);
  let follow = followCursor(state.visible, state.cursorKey, visible, state.cursor);
  // Its id now names another session (MaxScale restarted and reused it): the session left.
  const replaced = was !== undefined && !follow.left && isReplaced(was, visible[follow.index]);
  if (replaced) follow = followCursor(state.visible, state.cursorKey, visible, state.cursor, true);
  const win = windowRows(visible.length, follow.index, tableHeight(state.rows), state.top);
  let message = state.message;
  if (announceLeft && follow.left && state.cursorKey !== null && !closedHere(state, state.cursorKey)) {
    const label = was ? `session ${was.id}` : 'the selected session';
    const moved = `cursor moved to ${follow.key === null ? 'an empty list' : 'its neighbour'}`;
    // Still connected, only hidden now by the filter or the minimum idle time: it did not leave.
    const what = replaced ? 'left (its id now names another session)' : sessions.some((s) => s.key === state.cursorKey) ? 'is filtered out now' : 'left';
    message = { kind: 'info', text: `${label} ${what}; ${moved}` };
  }
  return { ...state, sessions, visible, cursor: follow.index, cursorKey: follow.key, top: win.start, message };
}

function moveTo(state: UiState, index: number): UiState {
  if (state.visible.length === 0) return state;
  const cursor = clamp(index, 0, state.visible.length - 1);
  if (cursor === state.cursor && state.visible[cursor].key === state.cursorKey) return state;
  const win = windowRows(state.visible.length, cursor, tableHeight(state.rows), state.top);
  return { ...state, cursor, cursorKey: state.visible[cursor].key, top: win.start };
}

/**
 * Sessions of targets that failed this poll are kept from the previous data (shown as stale)
 * rather than vanishing; fresh targets replace theirs.
 */
function mergeSnapshot(prev: Session[], snap: PoolSnapshot): { sessions: Session[]; downTargets: TargetHealth[] } {
  const down = snap.health.filter((h) => h.status === 'down');
  if (down.length === 0) return { sessions: snap.sessions, downTargets: [] };
  const downSet = new Set(down.map((h) => h.target));
  // A target the snapshot has sessions of answered after all: never two copies of its sessions.
  let lastTarget: string | null = null;
  for (const s of snap.sessions) {
    if (s.target === lastTarget) continue;
    lastTarget = s.target;
    downSet.delete(s.target);
  }
  const kept = downSet.size === 0 ? [] : prev.filter((s) => downSet.has(s.target));
  return { sessions: kept.length ? snap.sessions.concat(kept) : snap.sessions, downTargets: down };
}

/** A session being closed, or just closed: its leaving is the close's doing, not news. */
const closedHere = (state: UiState, key: string): boolean =>
  state.lastClosed.has(key) || (state.closing && state.confirm?.some((s) => s.key === key) === true);

/** The session under the cursor as the screen showed it. */
function cursorSession(state: UiState): Session | undefined {
  const at = state.visible[state.cursor];
  return at?.key === state.cursorKey ? at : state.visible.find((s) => s.key === state.cursorKey);
}

/** `now` holds the key of `was` but is another session (an id reused after a MaxScale restart). */
const isReplaced = (was: Session, now: Session | undefined): boolean => now !== undefined && now !== was && identityChanges(was, now).length > 0;

/**
 * Arrivals and departures between two polls. A session is its (target, id) (its key) while its
 * identity holds (an id reused by another session is one departure and one arrival), so the
 * previous poll's sessions are marked in a table indexed by target and id: at 100k sessions that
 * is a few milliseconds where a Set of 100k key strings took tens. Ids spread too widely for a
 * table fall back to a Map.
 */
function countChanges(prev: Session[], next: Session[]): { arrivals: number; departures: number } {
  const targets = new Map<string, number>();
  let min = Infinity;
  let max = -Infinity;
  for (const s of prev) {
    if (!Number.isSafeInteger(s.id)) return countChangesByKey(prev, next);
    if (s.id < min) min = s.id;
    if (s.id > max) max = s.id;
    if (!targets.has(s.target)) targets.set(s.target, targets.size);
  }
  const span = max - min + 1;
  if (prev.length === 0 || targets.size * span > 8 * prev.length + 65536) return countChangesByKey(prev, next);
  // Each id's index in prev + 1 (0: not in prev).
  const marks = new Int32Array(targets.size * span);
  let lastTarget: string | null = null;
  let base = 0;
  let distinct = 0;
  for (let i = 0; i < prev.length; i++) {
    const s = prev[i];
    if (s.target !== lastTarget) {
      lastTarget = s.target;
      base = (targets.get(s.target) as number) * span - min;
    }
    const at = base + s.id;
    if (marks[at] === 0) {
      marks[at] = i + 1;
      distinct++;
    }
  }
  let arrivals = 0;
  let common = 0;
  lastTarget = null;
  let t: number | undefined;
  for (const s of next) {
    if (s.target !== lastTarget) {
      lastTarget = s.target;
      t = targets.get(s.target);
      base = t === undefined ? 0 : t * span - min;
    }
    const was = t !== undefined && s.id >= min && s.id <= max ? marks[base + s.id] : 0;
    // An id reused by another session: one left, one arrived.
    if (was !== 0 && !isReplaced(prev[was - 1], s)) common++;
    else arrivals++;
  }
  return { arrivals, departures: distinct - common };
}

function countChangesByKey(prev: Session[], next: Session[]): { arrivals: number; departures: number } {
  const before = new Map<string, Session>();
  for (const s of prev) if (!before.has(s.key)) before.set(s.key, s);
  let arrivals = 0;
  let common = 0;
  for (const s of next) {
    const was = before.get(s.key);
    if (was !== undefined && !isReplaced(was, s)) common++;
    else arrivals++;
  }
  return { arrivals, departures: before.size - common };
}

/**
 * The screen's clock: whole seconds of the wall clock. Each session's times count from its own
 * poll, so with `now` moving a whole second per tick every row steps once a second, evenly and
 * together, and a tick within the same second (or a poll's arrival) moves nothing.
 */
const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** A clock that goes back by more than this has been set back (NTP, a resumed VM), not jittered. */
const CLOCK_STEP_BACK_MS = 5000;

/**
 * The screen's time after the clock read `at`: never back by a little (a late timer), but back
 * with the clock when it was set back, or every time on screen would be off by the step (a fresh
 * reading shown as idle for the hour the clock went back) until the clock caught up.
 */
function nextNow(now: number, at: number): number {
  const t = wholeSecond(at);
  return t < now - CLOCK_STEP_BACK_MS ? t : Math.max(now, t);
}

/** Every down host's own reason (each names its host), the count first in case the line is cut. Sanitised. */
export function describeDown(down: readonly TargetHealth[]): string {
  const reasons = down.map((h) => sanitize(h.error ?? `${h.target} is down`, 200));
  return down.length > 1 ? `${down.length} hosts down: ${reasons.join(' · ')}` : (reasons[0] ?? '');
}

function applySnapshot(state: UiState, snap: PoolSnapshot, at: number): UiState {
  const { sessions, downTargets } = mergeSnapshot(state.sessions, snap);
  const allDown = downTargets.length > 0 && downTargets.length === snap.health.length;
  // STALE (and backoff) only when no target answered: with some targets up, the view stays live
  // and polls at the interval; the down ones are marked in the header and their sessions kept.
  let stale: StaleState | null = null;
  if (allDown) {
    const since = state.stale?.since ?? state.fetchedAt ?? at;
    stale = {
      since,
      error: describeDown(downTargets),
      failures: (state.stale?.failures ?? 0) + 1,
      retryAt: state.stale?.retryAt ?? null,
    };
  }
  const changes = state.polls === 0 ? null : countChanges(state.sessions, sessions);
  const history = state.history.length >= HISTORY_LENGTH ? state.history.slice(1) : state.history.slice();
  history.push(sessions.length);
  let next: UiState = {
    ...state,
    health: snap.health,
    fetchedAt: allDown ? state.fetchedAt : at,
    now: nextNow(state.now, at),
    history,
    arrivals: changes?.arrivals ?? null,
    departures: changes?.departures ?? null,
    polls: state.polls + 1,
    attempts: state.attempts + 1,
    stale,
  };
  // The header's STALE marker going away says as much when a close result is on show; the
  // result's time on screen starts again (a new message object: the reducer restamps it), as it
  // does not fade while the data is stale.
  if (state.stale !== null && stale === null) {
    next.message = state.message?.closeResult ? { ...state.message } : { kind: 'info', text: RECOVERED };
  } else if (downTargets.length > 0) next.message = dropRecovered(state.message);
  // "X is down" must not outlive X's recovery (the header already says ok).
  const downHost = next.message?.whileDown;
  if (downHost !== undefined && snap.health.some((h) => h.target === downHost && h.status === 'ok')) next.message = null;
  next = cancelUnsafeConfirm(review(next, sessions, true));
  const detail = followDetail(next.detail, sessions);
  if (detail !== next.detail) next.detail = detail;
  // Tags of sessions that left are dropped: they can no longer be closed. So are tags whose key
  // now names another session (an id reused after a MaxScale restart): a tag marks the session
  // the user chose, never whatever holds its id later.
  if (next.tags.size > 0) {
    const tagged = (list: Session[]) => new Map(list.filter((s) => next.tags.has(s.key)).map((s) => [s.key, s]));
    const before = tagged(state.sessions);
    const now = tagged(sessions);
    const tags = new Set(
      [...next.tags].filter((k) => {
        const was = before.get(k);
        const is = now.get(k);
        return is !== undefined && (was === undefined || !isReplaced(was, is));
      }),
    );
    if (tags.size !== next.tags.size) next.tags = tags;
  }
  // An open question shows each session's latest reading (its idle time now, not as of `k`).
  if (next.mode === 'confirm' && next.confirm) {
    const confirm = latestReadings(next.confirm, sessions);
    if (confirm !== next.confirm) next = withConfirmView({ ...next, confirm }, next.confirmTop, next);
  }
  return next;
}

/**
 * The sessions of a confirmation, each replaced by this poll's reading of it when that names the
 * same session in the same words (key, identity, and the user, client and service the question
 * shows): only its times differ. The same array when none changed. A session that left, or whose
 * user appeared since (the question said `-`), keeps the reading the user saw.
 */
function latestReadings(confirm: readonly Session[], sessions: readonly Session[]): Session[] {
  const keys = new Map(confirm.map((s) => [s.key, s]));
  const latest = new Map<string, Session>();
  for (const s of sessions) {
    const was = keys.get(s.key);
    if (was === undefined || s === was) continue;
    if (s.user === was.user && s.address === was.address && s.service === was.service && identityChanges(was, s).length === 0) latest.set(s.key, s);
  }
  return latest.size === 0 ? (confirm as Session[]) : confirm.map((s) => latest.get(s.key) ?? s);
}

/**
 * A confirmation open when the data goes stale (or the host of a session in it goes down) is
 * withdrawn: `y` would answer a question asked about data that is no longer current.
 */
function cancelUnsafeConfirm(state: UiState): UiState {
  if (state.mode !== 'confirm' || !state.confirm) return state;
  const down = state.stale ? null : state.confirm.find((s) => isTargetDown(state, s.target));
  if (!state.stale && !down) return state;
  const why = down ? `${sanitize(down.target, 60)} stopped answering` : 'polling failed and the data is stale';
  return {
    ...state,
    mode: state.detail ? 'detail' : 'table',
    confirm: null,
    confirmScrollable: false,
    message: { kind: 'error', text: `${why}: the close was withdrawn, nothing was closed` },
  };
}

/**
 * The open detail pane after a poll follows the session it was opened on, not its key: once that
 * session left, or its id names another session, the pane keeps it, marked, and never shows (or
 * offers to close) the newcomer, a session the user did not open.
 */
function followDetail(d: DetailState | null, sessions: readonly Session[]): DetailState | null {
  // Replaced is final: the session opened is gone for good. Left is not: a list read in pages
  // can miss a session for one poll while others leave, and the next poll lists it again.
  if (d === null || d.gone === 'replaced') return d;
  const now = sessions.find((s) => s.key === d.key);
  if (now === d.listed) return d.gone === null ? d : { ...d, gone: null };
  if (now === undefined) return d.gone === 'left' ? d : { ...d, gone: 'left' };
  return isReplaced(d.listed, now) ? { ...d, gone: 'replaced' } : { ...d, listed: now, gone: null };
}

/** Whether the last poll of `target` failed (its sessions are kept from an older poll). */
export function isTargetDown(state: UiState, target: string): boolean {
  return state.health.some((h) => h.target === target && h.status === 'down');
}

/** The sessions a close would act on: the tagged ones if any, else the one under the cursor. */
export function closeTargets(state: UiState): Session[] {
  // The detail view closes the session it shows, tags or not: that is the one being looked at.
  if (state.mode === 'detail' && state.detail) return state.detail.gone === null ? [state.detail.listed] : [];
  if (state.tags.size > 0) return state.sessions.filter((s) => state.tags.has(s.key));
  const s = state.visible[state.cursor];
  return s ? [s] : [];
}

function withServerStats(state: UiState, target: string, stats: ServerStatsState): UiState {
  const serverStats = new Map(state.serverStats);
  serverStats.set(target, stats);
  return { ...state, serverStats };
}

export const MESSAGE_TTL_MS = 15_000;

/**
 * The clock was set back (`now` went back: see nextNow): the times kept from the old clock move
 * with it, so ages and STALE durations go on from where they were, and the retry countdown waits
 * for the poller's next schedule (its timer runs on, by delay, not by the clock).
 */
function afterClockStep(before: UiState, next: UiState): UiState {
  if (next.now >= before.now) return next;
  const step = next.now - before.now;
  // Only times from before the step (a poll's own time, just set, is on the new clock already).
  const old = (t: number | null, was: number | null | undefined) => (t !== null && t === was ? t + step : t);
  return {
    ...next,
    fetchedAt: old(next.fetchedAt, before.fetchedAt),
    stale: next.stale === null ? null : { ...next.stale, since: old(next.stale.since, before.stale?.since) as number, retryAt: null },
  };
}

/** Said when polling recovers; untrue, so dropped, as soon as it fails again. */
const RECOVERED = 'connection recovered; data is fresh again';
const dropRecovered = (m: Message | null): Message | null => (m?.text === RECOVERED ? null : m);

export function reducer(state: UiState, action: UiAction): UiState {
  const next = afterClockStep(state, reduce(state, action));
  // A new message, or the clock set back: its time on screen starts now.
  if (next.message !== state.message || next.now < next.messageAt) return { ...next, messageAt: next.now };
  // Informational messages fade; errors stay until replaced. A close result does not fade while
  // the data is stale: whoever looks back during an outage still sees what was closed.
  const fades = next.message?.kind === 'info' && !(next.message.closeResult && next.stale);
  if (action.type === 'tick' && fades && next.now - next.messageAt > MESSAGE_TTL_MS) {
    return { ...next, message: null, messageAt: next.now };
  }
  return next;
}

/** Enough for any duration anyone types (`86400`, `1.25h`); longer text is a paste gone wrong. */
const MIN_IDLE_INPUT_MAX = 16;

function reduce(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'snapshot':
      return applySnapshot(state, action.snapshot, action.at);
    case 'pollFailed': {
      const stale: StaleState = {
        since: state.stale?.since ?? state.fetchedAt ?? action.at,
        error: sanitize(action.error, 200),
        failures: (state.stale?.failures ?? 0) + 1,
        retryAt: state.stale?.retryAt ?? null,
      };
      return cancelUnsafeConfirm({ ...state, stale, message: dropRecovered(state.message), attempts: state.attempts + 1, now: nextNow(state.now, action.at) });
    }
    case 'tick': {
      const now = nextNow(state.now, action.now);
      // An open confirmation's idle times grow and may wrap anew: note what is now on screen.
      return now === state.now ? state : withConfirmView({ ...state, now }, state.confirmTop, state);
    }
    case 'resize': {
      // Always a new state, even at the same size: the renderer cleared the screen on the
      // resize and needs a frame to draw it whole again.
      const resized = { ...state, columns: action.columns, rows: action.rows, redraws: state.redraws + 1 };
      const win = windowRows(resized.visible.length, resized.cursor, tableHeight(resized.rows), resized.top);
      return withHelpView(withConfirmView({ ...resized, top: win.start }, resized.confirmTop), resized.helpTop);
    }
    case 'move':
      return moveTo(state, stepPosition(action.to, state.cursor, tableHeight(state.rows), state.visible.length - 1));
    case 'sortBy': {
      const descending = action.column === state.sort ? !state.descending : defaultDescending(action.column);
      return review({ ...state, sort: action.column, descending }, state.sessions, false);
    }
    case 'sortShift': {
      const i = SORT_COLUMNS.indexOf(state.sort);
      const column = SORT_COLUMNS[(i + action.delta + SORT_COLUMNS.length) % SORT_COLUMNS.length];
      return review({ ...state, sort: column, descending: defaultDescending(column) }, state.sessions, false);
    }
    case 'toggleTag': {
      // Tags only choose what to close: with closing removed, a tag would promise what k refuses.
      if (state.readOnly) return { ...state, message: { kind: 'error', text: 'read-only: nothing to tag, closing is disabled (--read-only)' } };
      const s = state.visible[state.cursor];
      if (!s) return state;
      const tags = new Set(state.tags);
      if (tags.has(s.key)) tags.delete(s.key);
      else tags.add(s.key);
      return moveTo({ ...state, tags }, state.cursor + 1);
    }
    case 'clearTags':
      return state.tags.size === 0 ? state : { ...state, tags: new Set(), message: { kind: 'info', text: 'tags cleared' } };
    case 'openFilter':
      return { ...state, mode: 'filter' };
    case 'filterInput': {
      const compiled = compileFilter(action.text);
      if (!compiled.ok) return { ...state, filterText: action.text, filterError: compiled.error };
      const filter = action.text.trim() === '' ? undefined : compiled.predicate;
      return review({ ...state, filterText: action.text, filterError: null, filter, filterApplied: action.text.trim() }, state.sessions, false);
    }
    case 'filterDone':
      // Text that is not a filter is not taken: the prompt stays open with its error (the header
      // would name a filter that is not applied).
      return state.filterError !== null ? state : { ...state, mode: 'table' };
    case 'filterClear':
      return review(
        { ...state, mode: 'table', filterText: '', filterError: null, filter: undefined, filterApplied: '' },
        state.sessions,
        false,
      );
    case 'openMinIdle': {
      const current = state.minIdle > 0 ? secondsText(state.minIdle) : '';
      return { ...state, mode: 'minIdle', minIdleInput: current, minIdleFresh: current !== '', minIdleError: null };
    }
    case 'minIdleInput':
      return { ...state, minIdleInput: action.text.slice(0, MIN_IDLE_INPUT_MAX), minIdleFresh: false, minIdleError: null };
    case 'minIdleDone': {
      const typed = state.minIdleInput.trim();
      const minIdle = typed === '' ? 0 : parseSecondsText(typed);
      if (minIdle === null) {
        const error = `'${sanitize(typed, 20)}' is not a duration: type seconds (300) or 30s, 5m, 1h, 2d`;
        return { ...state, minIdleError: error };
      }
      const text = minIdle > 0 ? `showing sessions idle for ${formatDuration(minIdle)} or more` : 'minimum idle cleared';
      const done = { ...state, mode: 'table' as const, minIdle, minIdleInput: '', minIdleFresh: false, minIdleError: null };
      return review({ ...done, message: { kind: 'info', text } }, state.sessions, false);
    }
    case 'minIdleCancel':
      return { ...state, mode: 'table', minIdleInput: '', minIdleFresh: false, minIdleError: null };
    case 'askClose': {
      if (state.readOnly) return { ...state, message: { kind: 'error', text: 'read-only: closing sessions is disabled (--read-only)' } };
      if (state.stale) return { ...state, message: { kind: 'error', text: 'data is stale: closing is disabled until polling recovers' } };
      if (state.closing) return { ...state, message: { kind: 'info', text: 'a close is still in progress' } };
      if (state.mode === 'detail' && state.detail?.gone) return { ...state, message: { kind: 'info', text: 'this session has left: there is nothing to close' } };
      const targets = closeTargets(state);
      if (targets.length === 0) return { ...state, message: { kind: 'info', text: 'no session selected' } };
      const down = targets.find((t) => isTargetDown(state, t.target));
      if (down) {
        const text = `${sanitize(down.target, 60)} is down: its data is stale, closing its sessions is disabled until it answers`;
        return { ...state, message: { kind: 'error', text, whileDown: down.target } };
      }
      return withConfirmView({ ...state, mode: 'confirm', confirm: targets, confirmTagged: state.mode !== 'detail' && state.tags.size > 0, confirmSeen: nothingSeen(), confirmSeenAll: false, message: null }, 0);
    }
    case 'confirmScroll':
      // The view clamps the end to the last screenful.
      if (state.mode !== 'confirm') return state;
      return withConfirmView(state, stepPosition(action.to, state.confirmTop, confirmRoom(state.rows), Number.MAX_SAFE_INTEGER));
    case 'confirmUnseen': {
      let message: Message;
      if (confirmRoom(state.rows) === 0) {
        message = { kind: 'error', text: 'y refused: the terminal is too small to show what would be closed; enlarge it, or press another key to cancel', short: 'y refused: terminal too small; enlarge it', confirmHint: 'refused' };
      } else if (seenNothing(state.confirmSeen)) {
        message = { kind: 'error', text: 'y ignored: it came before the question was on screen; read it, then press y', short: 'y ignored: read the question first', confirmHint: 'early' };
      } else {
        message = { kind: 'error', text: 'y refused: scroll through every session first (↓ PgDn); y closes only what has been on screen', short: 'y refused: scroll through all first (↓ PgDn)', confirmHint: 'refused' };
      }
      return { ...state, message };
    }
    case 'cancelClose':
      return { ...state, mode: state.detail ? 'detail' : 'table', confirm: null, confirmScrollable: false, message: { kind: 'info', text: 'cancelled: nothing was closed' } };
    case 'closeStarted':
      return { ...state, mode: state.detail ? 'detail' : 'table', closing: true };
    case 'closeFinished': {
      const tags = new Set(state.tags);
      const closed = new Set(state.confirm?.map((s) => s.key) ?? []);
      for (const k of closed) tags.delete(k);
      return { ...state, closing: false, confirm: null, confirmScrollable: false, tags, lastClosed: closed, message: { ...action.message, closeResult: true } };
    }
    case 'openDetail': {
      const s = state.visible[state.cursor];
      if (!s) return state;
      return {
        ...state,
        mode: 'detail',
        detail: { key: s.key, listed: s, gone: null, session: null, connections: [], rates: [], at: null, error: null },
      };
    }
    case 'closeDetail':
      return { ...state, mode: 'table', detail: null };
    case 'detailLoaded': {
      const d = state.detail;
      if (!d || d.key !== action.key || d.gone !== null) return state;
      // Read just after a restart gave the id to another session: not the session opened.
      if (isReplaced(d.listed, action.session)) return { ...state, detail: { ...d, gone: 'replaced' } };
      const rates = connectionRates(d.at === null ? null : { connections: d.connections, at: d.at }, {
        connections: action.connections,
        at: action.at,
      });
      return {
        ...state,
        detail: { ...d, session: action.session, connections: action.connections, rates, at: action.at, error: null },
      };
    }
    case 'detailFailed': {
      const d = state.detail;
      if (!d || d.key !== action.key || d.gone !== null) return state;
      return { ...state, detail: { ...d, error: sanitize(action.error, 200) } };
    }
    case 'serversLoaded':
      return withServerStats(state, action.target, { servers: action.servers, error: null });
    case 'serversFailed':
      return withServerStats(state, action.target, { servers: null, error: sanitize(action.error, 200) });
    case 'toggleHelp':
      return state.mode === 'help' ? { ...state, mode: state.detail ? 'detail' : 'table' } : withHelpView({ ...state, mode: 'help' }, 0);
    case 'drawn':
      return withDrawn(state, action.rendered);
    case 'retryAt':
      return state.stale && state.stale.retryAt !== action.at ? { ...state, stale: { ...state.stale, retryAt: action.at } } : state;
    case 'helpScroll':
      return withHelpView(state, stepPosition(action.to, state.helpTop, helpRoom(state.rows), Number.MAX_SAFE_INTEGER));
    case 'togglePause':
      return {
        ...state,
        paused: !state.paused,
        message: { kind: 'info', text: state.paused ? 'resumed: catching up' : 'paused: press p to resume' },
      };
    case 'setInterval': {
      const intervalSec = clamp(action.intervalSec, MIN_INTERVAL_SEC, MAX_INTERVAL_SEC);
      return { ...state, intervalSec, message: { kind: 'info', text: `refresh interval ${intervalSec}s` } };
    }
    case 'message':
      return { ...state, message: action.message };
  }
}
