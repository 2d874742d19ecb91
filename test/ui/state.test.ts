// The reducer and key map without Ink.
import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { canConfirm, closeTargets, initialState, reducer, tableHeight, type UiAction, type UiState } from '../../src/ui/state.js';
import { commandForKey, runKeys, SORT_KEYS, splitKeys, stepInterval } from '../../src/ui/keys.js';
import { nextDelaySec } from '../../src/ui/backoff.js';
import { screenLines, tableLayout } from '../../src/ui/lines.js';
import { cellWidth } from '../../src/core/text.js';
import { HELP_LINES } from '../../src/ui/help-view.js';
import type { Session } from '../../src/core/model.js';
import { makeSession } from '../core/helpers/sessions.js';
import { confirmText } from '../../src/ui/confirm-view.js';

const T = '127.0.0.1:8989';
const base = (over: Partial<Parameters<typeof initialState>[0]> = {}): UiState =>
  initialState({ sort: 'idle', descending: true, intervalSec: 2, readOnly: false, columns: 100, rows: 24, now: 0, ...over });
const snap = (sessions: Session[], at = 0, status: 'ok' | 'down' = 'ok'): UiAction => ({
  type: 'snapshot',
  snapshot: { sessions, health: [{ target: T, status, error: status === 'down' ? 'connection refused' : undefined }], fetchedAt: at },
  at,
});
/** What the terminal shows once a state's frame is written (the UI dispatches it after each write). */
const draw = (s: UiState): UiState => reducer(s, { type: 'drawn', rendered: s });
/** Each action, then its frame written, as in the running UI (except where a test holds frames back). */
const run = (s: UiState, ...actions: UiAction[]): UiState => actions.reduce((st, a) => draw(reducer(st, a)), s);
const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const sessions = (n: number): Session[] => Array.from({ length: n }, (_, i) => makeSession({ id: i + 1, idle: (i + 1) * 10 }));

describe('reducer', () => {
  it('keeps server statistics by target; a failure drops the numbers and keeps one sanitised line', () => {
    const servers = [{ name: 'db-serv-01', state: 'Master, Running', statistics: { connections: 3, maxConnections: 9 } }];
    let s = run(base(), snap(sessions(2)), { type: 'serversLoaded', target: T, servers });
    expect(s.serverStats.get(T)).toEqual({ servers, error: null });
    const before = s.serverStats;
    s = run(s, { type: 'serversFailed', target: T, error: 'boom \u001b[2J' });
    expect(s.serverStats.get(T)).toEqual({ servers: null, error: 'boom ^[[2J' });
    expect(before.get(T)?.servers).toBe(servers); // the previous state is not mutated
    s = run(s, { type: 'serversLoaded', target: 'other:8989', servers: [] });
    expect(s.serverStats.get(T)?.error).toBe('boom ^[[2J');
  });

  it('follows the cursor session across snapshots and reports a departure', () => {
    let s = run(base(), snap(sessions(5)));
    expect(s.visible.map((x) => x.id)).toEqual([5, 4, 3, 2, 1]);
    s = run(s, { type: 'move', to: 'down' }, { type: 'move', to: 'down' });
    expect(s.cursorKey).toBe(`${T}#3`);
    const reordered = sessions(5).map((x) => ({ ...x, idle: x.id === 3 ? 1000 : x.idle }));
    s = run(s, snap(reordered, 2000));
    expect(s.visible[s.cursor].id).toBe(3);
    expect(s.cursor).toBe(0);
    s = run(s, snap(reordered.filter((x) => x.id !== 3), 4000));
    expect(s.visible[s.cursor].id).toBe(5);
    expect(s.message?.text).toContain('session 3 left');
    expect([s.arrivals, s.departures]).toEqual([0, 1]);
  });

  it('a cursor on an id now reused by another session moves on and says so; the poll counts one left and one arrived', () => {
    let s = run(base(), snap(sessions(5)), { type: 'move', to: 'down' });
    expect(s.cursorKey).toBe(`${T}#4`);
    // MaxScale restarted: id 4 is now someone else's session (another client, connected later).
    const reused = sessions(5).map((x) => (x.id === 4 ? makeSession({ id: 4, idle: 40, user: 'mallory', address: '10.9.9.9', connected: new Date(Date.UTC(2026, 0, 2)) }) : x));
    s = run(s, snap(reused, 2000));
    expect(s.visible[s.cursor].id).toBe(3);
    expect(s.message?.text).toBe('session 4 left (its id now names another session); cursor moved to its neighbour');
    expect([s.arrivals, s.departures]).toEqual([1, 1]);
    // A user appearing once the session has logged in is the same session.
    s = run(base(), snap(sessions(5).map((x) => (x.id === 4 ? { ...x, user: null } : x))), { type: 'move', to: 'down' });
    s = run(s, snap(sessions(5), 2000));
    expect(s.visible[s.cursor].id).toBe(4);
    expect([s.arrivals, s.departures]).toEqual([0, 0]);
  });

  it('a cursor session that only drops out of the minimum idle time is said to be filtered out, not to have left', () => {
    let s = run(base({ minIdle: 25 }), snap(sessions(5)), { type: 'move', to: 'down' });
    expect(s.visible.map((x) => x.id)).toEqual([5, 4, 3]);
    s = run(s, snap(sessions(5).map((x) => (x.id === 4 ? { ...x, idle: 0 } : x)), 2000));
    expect(s.visible[s.cursor].id).toBe(3);
    expect(s.message?.text).toBe('session 4 is filtered out now; cursor moved to its neighbour');
    expect([s.arrivals, s.departures]).toEqual([0, 0]);
  });

  it('never shows a session twice, even from a snapshot that calls a host down yet holds its sessions', () => {
    let s = run(base(), snap(sessions(3)));
    s = run(s, snap(sessions(3), 2000, 'down'));
    expect(s.sessions.map((x) => x.id).sort()).toEqual([1, 2, 3]);
    expect(new Set(s.visible.map((x) => x.key)).size).toBe(s.visible.length);
  });

  it('counts arrivals and departures by session key, across targets and any id spread', () => {
    const mk = (target: string, id: number) => makeSession({ id, target });
    const expected = (prev: Session[], next: Session[]) => {
      const before = new Set(prev.map((x) => x.key));
      const common = next.filter((x) => before.has(x.key)).length;
      return [next.length - common, before.size - common];
    };
    const cases: Array<[Session[], Session[]]> = [
      // Same ids on two targets: only the target tells them apart.
      [[mk('a:1', 1), mk('a:1', 2), mk('b:1', 1)], [mk('b:1', 1), mk('b:1', 2), mk('c:1', 1), mk('a:1', 3)]],
      // Ids outside the previous range, an empty target name, interleaved targets.
      [[mk('', 5), mk('x', 6), mk('', 7)], [mk('', 4), mk('x', 5), mk('', 7), mk('x', 6), mk('', 8)]],
      // Ids too far apart for a table.
      [[mk('a', 1), mk('a', 2 ** 40), mk('b', 3)], [mk('a', 2 ** 40), mk('a', 2), mk('b', 3)]],
      // Everything left; everything new.
      [[mk('a', 1), mk('a', 2)], []],
    ];
    for (const [prev, next] of cases) {
      const s = run(base(), snap(prev), snap(next, 2000));
      expect([s.arrivals, s.departures]).toEqual(expected(prev, next));
    }
    const empty = run(base(), snap([]), snap([mk('a', 1)], 2000));
    expect([empty.arrivals, empty.departures]).toEqual([1, 0]);
  });

  it('a session that leaves while its close is still running is not announced as having left', () => {
    let s = run(base(), snap(sessions(3)));
    s = run(s, { type: 'askClose' }, { type: 'closeStarted' });
    const closing = s.visible[s.cursor].id;
    s = run(s, snap(sessions(3).filter((x) => x.id !== closing), 2000));
    expect(s.message?.text ?? '').not.toContain('left');
  });

  it('keeps the close result when the closed session then leaves', () => {
    let s = run(base(), snap(sessions(3)));
    s = run(s, { type: 'askClose' }, { type: 'closeStarted' });
    const closedId = s.visible[s.cursor].id;
    s = run(s, { type: 'closeFinished', message: { kind: 'info', text: `closed session ${closedId}` } });
    s = run(s, snap(sessions(3).filter((x) => x.id !== closedId), 2000));
    expect(s.message?.text).toBe(`closed session ${closedId}`);
    // A later departure of another cursor session is announced again.
    const nextId = s.visible[s.cursor].id;
    s = run(s, snap(sessions(3).filter((x) => x.id !== closedId && x.id !== nextId), 4000));
    expect(s.message?.text).toContain(`session ${nextId} left`);
  });

  it('drops a tag whose id now names another session (id reused after a restart)', () => {
    let s = run(base(), snap(sessions(5)), { type: 'toggleTag' }, { type: 'toggleTag' });
    expect(s.tags.size).toBe(2);
    const [first, second] = [...s.tags];
    const replaced = sessions(5).map((x) =>
      `${T}#${x.id}` === first ? { ...x, address: '203.0.113.250', connected: new Date(Date.UTC(2030, 0, 1)) } : x,
    );
    s = run(s, snap(replaced, 2000));
    expect([...s.tags]).toEqual([second]);
    s = run(s, { type: 'askClose' });
    expect(s.confirm?.map((x) => x.key)).toEqual([second]);
  });

  it('the confirmation of many tagged sessions scrolls on a short screen; y acts only once its end was shown', () => {
    let s = run(base({ rows: 12 }), snap(sessions(40)));
    for (let i = 0; i < 30; i++) s = run(s, { type: 'toggleTag' });
    s = run(s, { type: 'askClose' });
    const screen = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    expect(screen(s).length).toBeLessThanOrEqual(11);
    expect(screen(s).join('\n')).toMatch(/lines 1–5 of 31, ↑↓ PgUp PgDn scroll · y = close once all was shown/);
    expect(s.confirmSeenAll).toBe(false);
    // y before the end: nothing happens but an explanation.
    const early = commandForKey(s, 'y', noKey);
    expect(early).toEqual({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
    const told = run(s, { type: 'confirmUnseen' });
    expect(told.mode).toBe('confirm');
    expect(screen(told).join('\n')).toContain('y refused: scroll through every session first');
    // Paging shows every tagged session, once each, in order.
    const seen: string[] = [];
    while (!s.confirmSeenAll) {
      seen.push(...screen(s).filter((l) => /^ {2}session \d+/.test(l)));
      s = run(s, commandForKey(s, '', { ...noKey, pageDown: true }).kind === 'dispatch' ? { type: 'confirmScroll', to: 'pageDown' } : { type: 'cancelClose' });
    }
    seen.push(...screen(s).filter((l) => /^ {2}session \d+/.test(l)));
    const ids = [...new Set(seen.map((l) => Number(/session (\d+)/.exec(l)![1])))];
    expect(ids.sort((a, b) => a - b)).toEqual(s.confirm!.map((x) => x.id).sort((a, b) => a - b));
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'confirmClose' });
    // Scrolling back up does not take the permission away; other keys still cancel.
    s = run(s, { type: 'confirmScroll', to: 'home' });
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'confirmClose' });
    expect(commandForKey(s, 'x', noKey)).toEqual({ kind: 'dispatch', action: { type: 'cancelClose' } });
  });

  it('y before the confirmation’s frame was written is ignored, with a reason; once written, y closes', () => {
    let s = run(base({ rows: 24 }), snap(sessions(3)));
    s = reducer(s, { type: 'askClose' }); // state changed, no frame written yet (Ink holds it back)
    expect(s.mode).toBe('confirm');
    expect(canConfirm(s)).toBe(false);
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
    expect(reducer(s, { type: 'confirmUnseen' }).message?.text).toMatch(/^y ignored: it came before the question was on screen/);
    // A frame of an older state (the table) shows nothing of it.
    expect(reducer(s, { type: 'drawn', rendered: base({ rows: 24 }) })).toBe(s);
    // The explanation stays when the frame arrives: the user presses y again.
    s = draw(reducer(s, { type: 'confirmUnseen' }));
    expect(canConfirm(s)).toBe(true);
    expect(s.message?.text).toMatch(/^y ignored/);
    // A frame that shows nothing new changes nothing (no render loop).
    expect(draw(s)).toBe(s);
  });

  it('End jumps to the last lines, but y waits until the lines jumped over have been on screen too', () => {
    let s = run(base({ rows: 12 }), snap(sessions(40)));
    for (let i = 0; i < 30; i++) s = run(s, { type: 'toggleTag' });
    s = run(s, { type: 'askClose' }, { type: 'confirmScroll', to: 'end' });
    const screen = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    expect(screen(s).join('\n')).toMatch(/lines 27–31 of 31/);
    expect(s.confirmSeenAll).toBe(false);
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
    // Back up page by page: each page shows lines not yet seen, until none is left (the first
    // screenful was seen when the confirmation opened).
    s = run(s, { type: 'confirmScroll', to: 'pageUp' });
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
    let pages = 1;
    while (!s.confirmSeenAll && pages++ < 20) s = run(s, { type: 'confirmScroll', to: 'pageUp' });
    expect(s.confirmTop).toBeLessThanOrEqual(5);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'confirmClose' });
  });

  it('y is refused once the terminal shrinks too small to show any of the confirmation, even if all of it was seen before', () => {
    let s = run(base({ rows: 24 }), snap(sessions(3)));
    s = run(s, { type: 'toggleTag' }, { type: 'toggleTag' }, { type: 'askClose' });
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'confirmClose' });
    s = run(s, { type: 'resize', columns: 60, rows: 7 });
    expect(s.confirmSeenAll).toBe(true);
    expect(canConfirm(s)).toBe(false);
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
    const told = run(s, { type: 'confirmUnseen' });
    const text = screenLines(told, tableLayout(told), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    expect(text.join('\n')).toContain('y refused: terminal too small');
    expect(text.join('\n')).not.toContain('…');
    s = run(told, { type: 'resize', columns: 100, rows: 24 });
    expect(canConfirm(s)).toBe(true);
    expect(s.message).toBeNull();
  });

  it('at 50 columns the confirmation’s answer, key and refusal lines are whole, and the refusal goes once all was shown', () => {
    let s = run(base({ columns: 50, rows: 12 }), snap(sessions(40)));
    for (let i = 0; i < 12; i++) s = run(s, { type: 'toggleTag' });
    s = run(s, { type: 'askClose' }, { type: 'confirmUnseen' });
    const screen = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    const before = screen(s);
    // The table's header behind is cut at this width; what the confirmation says is not.
    expect(before.filter((l) => /\by\b/.test(l) && l.includes('…'))).toEqual([]);
    expect(before.join('\n')).toMatch(/y refused: scroll through all first/);
    expect(before.join('\n')).toMatch(/y after all shown/);
    expect(before.join('\n')).toMatch(/y once all shown/);
    let pages = 0;
    while (!s.confirmSeenAll && pages++ < 40) s = run(s, { type: 'confirmScroll', to: 'pageDown' });
    expect(s.confirmSeenAll).toBe(true);
    expect(s.message).toBeNull();
    const after = screen(s).join('\n');
    expect(after).not.toMatch(/refused/);
    expect(after).toMatch(/y close/);
  });

  it('help on a small terminal wraps, scrolls with ↑↓ PgUp PgDn, and shows every word of every line; other keys close it', () => {
    let s = run(base({ columns: 50, rows: 12 }), snap(sessions(3)), { type: 'toggleHelp' });
    expect(s.helpScrollable).toBe(true);
    const screen = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    const shown: string[] = [];
    for (let page = 0; page < 30; page++) {
      const lines = screen(s);
      expect(lines.length).toBeLessThanOrEqual(11);
      // The body (between the 3 header lines and the 2 footer lines) is help text, never cut.
      const body = lines.slice(3, -2);
      expect(body.filter((l) => l.replace('^G …', '').includes('…'))).toEqual([]);
      shown.push(...body);
      expect(lines[lines.length - 2]).toMatch(/↑↓/);
      const cmd = commandForKey(s, '', { ...noKey, pageDown: true });
      expect(cmd).toEqual({ kind: 'dispatch', action: { type: 'helpScroll', to: 'pageDown' } });
      const next = run(s, (cmd as { action: UiAction }).action);
      if (next.helpTop === s.helpTop) break;
      s = next;
    }
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words(shown.join(' '))).toEqual(expect.arrayContaining(HELP_LINES.flatMap(words)));
    // Key pairs stay whole on one line (at 50 columns "< / >" used to break after "<").
    for (const pair of ['<\u00a0/\u00a0>', '+\u00a0/\u00a0-']) expect(shown.some((l) => l.includes(pair))).toBe(true);
    expect(commandForKey(s, 'q', noKey)).toEqual({ kind: 'quit' });
    expect(commandForKey(s, 'x', noKey)).toEqual({ kind: 'dispatch', action: { type: 'toggleHelp' } });
    expect(run(s, { type: 'toggleHelp' }).mode).toBe('table');
    // Reopened, it starts at the top; on a large screen it fits, and ↓ closes it like any key.
    // A group's continuation lines keep their indent, wrapped or not.
    expect(shown.some((l) => l.startsWith('          I idle  B backends'))).toBe(true);
    expect(shown.filter((l) => /^\S/.test(l)).map((l) => l.split(' ')[0])).toEqual(expect.arrayContaining(['Move', 'Sort', 'Close', 'Filter', 'Other']));
    expect(shown.some((l) => /^(I idle|q or Ctrl-C|\(or all)/.test(l))).toBe(false);
    const big = run(run(s, { type: 'toggleHelp' }, { type: 'resize', columns: 100, rows: 40 }), { type: 'toggleHelp' });
    expect(big.helpScrollable).toBe(false);
    expect(big.helpTop).toBe(0);
    expect(commandForKey(big, '', { ...noKey, downArrow: true })).toEqual({ kind: 'dispatch', action: { type: 'toggleHelp' } });
  });

  it('a confirmation that fits needs no scrolling, and arrows cancel it as any other key', () => {
    let s = run(base({ rows: 24 }), snap(sessions(5)));
    s = run(s, { type: 'askClose' });
    expect(s.confirmSeenAll).toBe(true);
    expect(s.confirmScrollable).toBe(false);
    expect(commandForKey(s, '', { ...noKey, downArrow: true })).toEqual({ kind: 'dispatch', action: { type: 'cancelClose' } });
  });

  it('one session on a narrow, short screen: its whole description wraps (idle and host kept), nothing cut', () => {
    const target = 'maxscale-production-eu-west-1.example.com:8989';
    let s = run(base({ columns: 60, rows: 10 }), snap([makeSession({ id: 7, user: 'application_user', address: '203.0.113.200', idle: 4000, target, service: 'Read-Write-Split-Service' })]));
    s = run(s, { type: 'askClose' });
    const text = screenLines(s, tableLayout(s), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    expect(text.length).toBeLessThanOrEqual(9);
    expect(text.every((l) => cellWidth(l) === 60)).toBe(true);
    const shown = text.join(' ').replace(/\s+/g, ' ');
    expect(shown).toContain('Close session 7 application_user@203.0.113.200 service Read-Write-Split-Service idle 1h06m on maxscale-production-eu-west-1.example.com:8989?');
    expect(s.confirmSeenAll).toBe(true);
  });

  it('a terminal too small to show one line of it refuses y; growing it shows the list', () => {
    let s = run(base({ rows: 7 }), snap(sessions(3)));
    s = run(s, { type: 'toggleTag' }, { type: 'toggleTag' }, { type: 'askClose' });
    expect(s.confirmSeenAll).toBe(false);
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'dispatch', action: { type: 'confirmUnseen' } });
    expect(run(s, { type: 'confirmUnseen' }).message?.text).toMatch(/too small to show what would be closed/);
    expect(canConfirm(s)).toBe(false);
    s = run(s, { type: 'resize', columns: 100, rows: 24 });
    expect(s.confirmSeenAll).toBe(true);
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'confirmClose' });
  });

  it('every host down: the stale line gives each host’s own reason', () => {
    const down = (target: string, error: string) => ({ target, status: 'down' as const, error });
    let s = run(base(), snap(sessions(2)));
    s = run(s, {
      type: 'snapshot',
      snapshot: { sessions: [], health: [down('a:8989', 'a:8989 refused the login'), down('b:8989', 'cannot reach b:8989: connection refused')], fetchedAt: 2000 },
      at: 2000,
    });
    expect(s.stale?.error).toBe('2 hosts down: a:8989 refused the login · cannot reach b:8989: connection refused');
  });

  it('several hosts down on a line too short for their whole reasons: every host with its reason in short words', () => {
    const text = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd());
    const down = (target: string, errorKind: string, error: string) => ({ target, status: 'down' as const, errorKind, error });
    const hosts = [
      down('mxs1.example.com:8989', 'auth', 'mxs1.example.com:8989 refused the login: check --user and --password (or the config file) and that the account exists in MaxScale'),
      down('mxs2.example.com:8989', 'unreachable', 'cannot reach mxs2.example.com:8989: connection refused (is MaxScale running and is its REST API listening on that port?)'),
      down('mxs3.example.com:8989', 'not-maxscale', 'mxs3.example.com:8989 does not look like a MaxScale REST API: it answered an HTML page (HTTP 200)'),
    ];
    const poll = (health: UiAction & { type: 'snapshot' } extends { snapshot: { health: infer H } } ? H : never, at: number): UiAction => ({ type: 'snapshot', snapshot: { sessions: [], health, fetchedAt: at }, at });
    // Some hosts up: the footer's message line.
    const up = { target: 'mxs0.example.com:8989', status: 'ok' as const };
    let s = run(base({ columns: 120 }), poll([up, ...hosts], 2000));
    const footer = text(s).at(-1)!;
    expect(footer).toBe('3 hosts down: mxs1 login refused · mxs2 unreachable · mxs3 not MaxScale');
    // Every host down (stale): after the retry countdown.
    s = run(base({ columns: 120 }), poll(hosts, 2000));
    expect(text(s).at(-1)).toMatch(/^poll failed \(retry in .*\): 3 hosts down: mxs1 login refused · mxs2 unreachable · mxs3 not MaxScale$/);
    // Whole reasons that fit stay whole.
    s = run(base({ columns: 400 }), poll([up, ...hosts.slice(0, 2)], 2000));
    expect(text(s).at(-1)).toBe(`2 hosts down: ${hosts[0].error} · ${hosts[1].error}`);
  });

  it('sessions of a host that went down keep ageing: their idle time is as of their own last poll, not the other hosts’', () => {
    const text = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd());
    const B = 'b:8989';
    const t0 = 1_000_000;
    const a = (idle: number, at: number) => makeSession({ id: 1, user: 'alice', idle, polledAt: at });
    const b = makeSession({ id: 2, user: 'bob', target: B, idle: 20, polledAt: t0 });
    const poll = (sessionsNow: Session[], at: number, statusB: 'ok' | 'down'): UiAction => ({
      type: 'snapshot',
      snapshot: { sessions: sessionsNow, health: [{ target: T, status: 'ok' }, { target: B, status: statusB, error: statusB === 'down' ? 'b gone' : undefined }], fetchedAt: at },
      at,
    });
    let s = run(base({ now: t0 }), poll([a(10, t0), b], t0, 'ok'));
    // A minute later host b is down; a answers. Bob's session, kept from b's last poll, has been idle 20 s + 60 s.
    s = run(s, poll([a(70, t0 + 60_000)], t0 + 60_000, 'down'));
    const row = (user: string) => text(s).find((l) => l.includes(user))!;
    expect(row('bob')).toMatch(/ 1m20s$/);
    expect(row('alice')).toMatch(/ 1m10s$/);
    // Sorted by idle as of one moment: bob (idle since t0 − 20 s) before alice (since t0 − 10 s).
    expect(s.visible.map((x) => x.id)).toEqual([2, 1]);
    s = run(s, { type: 'tick', now: t0 + 65_000 });
    expect(row('bob')).toMatch(/ 1m25s$/);
  });

  it('an open question whose text grows a line (its idle time longer to write) needs that line drawn before y', () => {
    const t0 = 1_000_000;
    const one = (idle: number) => makeSession({ id: 1, user: 'app', idle, polledAt: t0 });
    // A width where "idle 9s" fits the question's lines and "idle 10s" needs one more.
    const lines = (idle: number, w: number) => confirmText([one(idle)], t0, w).lines.length;
    const width = Array.from({ length: 60 }, (_, i) => i + 20).find((w) => lines(10, w) > lines(9, w))!;
    expect(width).toBeDefined();
    let s = run(base({ columns: width, rows: 24, now: t0 }), snap([one(9)], t0), { type: 'askClose' });
    expect(canConfirm(s)).toBe(true);
    // A second later the question wraps to one more line; until a frame has shown it, y is refused.
    s = reducer(s, { type: 'tick', now: t0 + 1000 });
    expect(canConfirm(s)).toBe(false);
    s = draw(s);
    expect(canConfirm(s)).toBe(true);
  });

  it('an open question takes a session’s newer reading only when it names the session in the same words', () => {
    const t0 = 1_000_000;
    const anon = makeSession({ id: 1, user: null, idle: 5, polledAt: t0 });
    let s = run(base({ now: t0 }), snap([anon], t0), { type: 'askClose' });
    expect(canConfirm(s)).toBe(true);
    // Its user appears (authentication finished) and it ran a query: the question keeps what was shown.
    s = run(s, snap([{ ...anon, user: 'u'.repeat(120), idle: 0, polledAt: t0 + 2000 }], t0 + 2000));
    expect(s.confirm![0].user).toBeNull();
    expect(s.confirm![0]).toBe(anon);
    // The same words, a newer idle reading: taken.
    const newer = { ...anon, idle: 0.5, polledAt: t0 + 4000 };
    s = run(s, snap([newer], t0 + 4000));
    expect(s.confirm![0]).toBe(newer);
    expect(canConfirm(s)).toBe(true);
  });

  it('a detail pane whose session one poll missed (paging while others leave) takes it back when the next poll lists it', () => {
    const [a, b] = [makeSession({ id: 1, user: 'alice' }), makeSession({ id: 2, user: 'bob' })];
    let s = run(base(), snap([a, b]), { type: 'openDetail' });
    const opened = s.detail!.listed;
    s = run(s, snap([opened.id === 1 ? b : a], 1000));
    expect(s.detail?.gone).toBe('left');
    expect(closeTargets(s)).toEqual([]);
    // Listed again, the same session (a new reading of it): the pane is live again, and k closes it.
    const again = { ...opened, idle: 9, polledAt: 2000 };
    s = run(s, snap([a, b].map((x) => (x.id === opened.id ? again : x)), 2000));
    expect(s.detail?.gone).toBeNull();
    expect(closeTargets(s)).toEqual([again]);
    expect(run(s, { type: 'askClose' }).mode).toBe('confirm');
  });

  it('a detail pane stays on the session opened when a detail read answers for a newcomer on its id (a restart in between)', () => {
    const opened = makeSession({ id: 1, user: 'alice' });
    let s = run(base(), snap([opened]), { type: 'openDetail' });
    const newcomer = { ...opened, user: 'mallory', connected: new Date(Date.UTC(2030, 0, 1)) };
    s = run(s, { type: 'detailLoaded', key: opened.key, session: newcomer, connections: [{ server: 'db9' }], at: 1000 });
    expect(s.detail?.gone).toBe('replaced');
    expect(s.detail?.session).toBeNull();
    s = run(s, { type: 'askClose' });
    expect([s.mode, s.confirm]).toEqual(['detail', null]);
    // The list then shows the newcomer under that id: the pane still names the one opened.
    s = run(s, snap([newcomer], 2000));
    const text = screenLines(s, tableLayout(s), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('')).join('\n');
    expect(text).toContain('session 1 alice@');
    expect(text).not.toContain('mallory');
  });

  it('a detail that could not be read says its backends are unknown (not 0), and a failure both reads share is said once', () => {
    const text = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd()).join('\n');
    let s = run(base(), snap(sessions(3)), { type: 'openDetail' });
    const key = s.detail!.key;
    const error = 'cannot reach 127.0.0.1:8989: connection refused';
    s = run(s, { type: 'detailFailed', key, error }, { type: 'serversFailed', target: T, error });
    expect(text(s)).toContain('Backend connections  unknown: the details could not be read');
    expect(text(s)).not.toMatch(/Backend connections \(0\)/);
    expect(text(s).split(error)).toHaveLength(2);
    // Read once, then failing: the connections read stay, and a different server failure is shown.
    s = run(s, { type: 'detailLoaded', key, session: s.sessions[0], connections: [{ server: 'db1' }], at: 1000 });
    s = run(s, { type: 'detailFailed', key, error }, { type: 'serversFailed', target: T, error: 'forbidden' });
    expect(text(s)).toContain('Backend connections (1)');
    expect(text(s)).toContain('server statistics: forbidden');
  });

  it('a tiny terminal keeps the title line and the footer; no host ever answering reads NO DATA, not STALE', () => {
    const text = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd());
    let s = run(base({ columns: 20, rows: 5 }), snap([], 0, 'down'));
    const lines = text(s);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^sesstop  NO DATA/);
    expect(lines[2]).toMatch(/^\? help/);
    expect(lines[3]).toMatch(/^poll failed/);
    s = run(s, { type: 'resize', columns: 100, rows: 24 });
    expect(text(s)[1]).toBe('no data yet: no host has answered');
    expect(text(s)[2]).toMatch(/^poll -  age -/);
    expect(text(s).join('\n')).not.toMatch(/STALE|│ +│/);
    s = run(s, snap(sessions(2), 2000), snap([], 4000, 'down'));
    expect(text(s)[0]).toMatch(/STALE 2s/);
  });

  it('a failed poll counts down to the next attempt, and says r retries now', () => {
    const footer = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd()).at(-1)!;
    let s = run(base(), snap(sessions(2), 0));
    for (let i = 1; i <= 5; i++) s = run(s, { type: 'pollFailed', error: 'cannot reach x', at: i * 1000 });
    // Before the poller says when: the backoff delay (five failures at a 2 s interval: 8 s).
    expect(footer(s)).toBe('poll failed (retry in 8s): cannot reach x');
    s = run(s, { type: 'retryAt', at: 13_000 });
    expect(footer(s)).toBe('poll failed (retry in 8s · r: now): cannot reach x');
    s = run(s, { type: 'tick', now: 8000 });
    expect(footer(s)).toBe('poll failed (retry in 5s · r: now): cannot reach x');
    s = run(s, { type: 'tick', now: 13_000 });
    expect(footer(s)).toBe('poll failed (retrying…): cannot reach x');
    // A failure within a second, a 5-s delay: 5s at once (not 6), then down to 1s, ticks at any phase.
    s = run(s, { type: 'pollFailed', error: 'cannot reach x', at: 35_190 }, { type: 'retryAt', at: 40_190 });
    const shown = [footer(s)];
    for (const t of [36_070, 37_130, 38_080, 39_150, 40_110]) {
      s = run(s, { type: 'tick', now: t });
      shown.push(footer(s));
    }
    expect(shown.map((f) => /\(([^)]*)\)/.exec(f)![1])).toEqual(['retry in 5s · r: now', 'retry in 4s · r: now', 'retry in 3s · r: now', 'retry in 2s · r: now', 'retry in 1s · r: now', 'retrying…']);
  });

  it('the key line offers k close (off: stale) only where k would close something once polling recovers', () => {
    const keys = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd()).at(-2)!;
    const stale = (st: UiState) => run(st, { type: 'pollFailed', error: 'cannot reach x', at: 1000 });
    const wide = base({ columns: 200 });
    expect(keys(stale(run(wide, snap(sessions(2)))))).toContain('↑↓ move · Enter detail · k close (off: stale) · Space tag · / filter');
    // Space still tags while stale: offered.
    expect(run(stale(run(wide, snap(sessions(2)))), { type: 'toggleTag' }).tags.size).toBe(1);
    // Nothing listed, nothing tagged: no cursor, nothing to close.
    expect(keys(stale(run(wide, snap([]))))).toBe('? help · q quit · / filter · m min-idle · I U C… sort · p pause · r refresh');
    // A tagged session the filter hides: k would close it.
    const hidden = run(wide, snap(sessions(2)), { type: 'toggleTag' }, { type: 'filterInput', text: 'id:99' }, { type: 'filterDone' });
    expect(hidden.visible).toHaveLength(0);
    expect(keys(hidden)).toBe('? help · q quit · k close · / filter · m min-idle · I U C… sort · p pause · r refresh');
    expect(keys(stale(hidden))).toBe('? help · q quit · k close (off: stale) · / filter · m min-idle · I U C… sort · p pause · r refresh');
    expect(keys({ ...hidden, readOnly: true })).toBe('? help · q quit · / filter · m min-idle · I U C… sort · p pause · r refresh');
  });

  it('a key line too long for the terminal loses its least important keys whole, not its end mid-word', () => {
    const keys = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd()).at(-2)!;
    // At 80 columns the whole line (~110 cells) used to end "· / filter · m m…".
    const table = run(base({ columns: 80 }), snap(sessions(3)));
    expect(keys(table)).toBe('? help · q quit · ↑↓ move · Enter detail · k close · / filter · I U C… sort');
    expect(keys(run(table, { type: 'resize', columns: 40, rows: 24 }))).toBe('? help · q quit · Enter detail · k close');
    const detail = run(table, { type: 'openDetail' });
    expect(detail.mode).toBe('detail');
    expect(keys(detail)).toBe('← / Esc back · ↑↓ previous/next session · k close · r refresh · ? help · q quit');
    expect(keys(run(detail, { type: 'resize', columns: 50, rows: 24 }))).toBe('← / Esc back · k close · ? help · q quit');
    for (const columns of [20, 30, 60, 90, 100, 110, 120]) {
      for (const st of [table, detail]) {
        const line = keys(run(st, { type: 'resize', columns, rows: 24 }));
        expect(cellWidth(line)).toBeLessThanOrEqual(columns);
        if (columns >= 30) expect(line, `${columns}: ${line}`).not.toMatch(/…$/);
      }
    }
  });

  it('"connection recovered" goes as soon as polling fails again', () => {
    let s = run(base(), snap(sessions(2), 0), { type: 'pollFailed', error: 'x', at: 1000 }, snap(sessions(2), 2000));
    expect(s.message?.text).toMatch(/recovered/);
    expect(run(s, { type: 'pollFailed', error: 'x', at: 3000 }).message).toBeNull();
    expect(run(s, snap([], 3000, 'down')).message).toBeNull();
    // Also when only one host of several goes down (the view stays live, not stale).
    const two = (statusB: 'ok' | 'down', at: number): UiAction => ({
      type: 'snapshot',
      snapshot: { sessions: sessions(2), health: [{ target: T, status: 'ok' }, { target: 'b:8989', status: statusB, error: statusB === 'down' ? 'b gone' : undefined }], fetchedAt: at },
      at,
    });
    let m = run(base(), two('ok', 0), { type: 'pollFailed', error: 'x', at: 1000 }, two('ok', 2000));
    expect(m.message?.text).toMatch(/recovered/);
    m = run(m, two('down', 3000));
    expect(m.stale).toBeNull();
    expect(m.message).toBeNull();
  });

  it('keeps a down target’s sessions as stale data and recovers', () => {
    let s = run(base(), snap(sessions(3), 0));
    s = run(s, snap([], 2000, 'down'));
    expect(s.sessions).toHaveLength(3);
    expect(s.stale?.failures).toBe(1);
    expect(s.stale?.since).toBe(0);
    expect(s.fetchedAt).toBe(0);
    s = run(s, { type: 'askClose' });
    expect(s.mode).toBe('table');
    s = run(s, { type: 'pollFailed', error: 'boom\x1b[2J', at: 6000 });
    expect(s.stale?.failures).toBe(2);
    expect(s.stale?.error).toBe('boom^[[2J');
    s = run(s, snap(sessions(3), 8000));
    expect(s.stale).toBeNull();
    expect(s.message?.text).toContain('recovered');
  });

  it('tags, then closes the tagged sessions, dropping tags of departed sessions', () => {
    let s = run(base(), snap(sessions(4)), { type: 'toggleTag' }, { type: 'toggleTag' });
    expect([...s.tags]).toEqual([`${T}#4`, `${T}#3`]);
    s = run(s, { type: 'askClose' });
    expect(s.confirm?.map((x) => x.id)).toEqual([3, 4]);
    s = run(s, { type: 'cancelClose' }, snap(sessions(4).filter((x) => x.id !== 4), 2000));
    expect([...s.tags]).toEqual([`${T}#3`]);
  });

  it('one tagged session elsewhere: the question says it is the tagged one; in the detail view k closes the session shown', () => {
    let s = run(base(), snap(sessions(4)), { type: 'toggleTag' }); // tags the first row, moves down
    const tagged = [...s.tags][0];
    const viewed = s.visible[s.cursor];
    expect(viewed.key).not.toBe(tagged);
    const table = run(s, { type: 'askClose' });
    expect(table.confirm?.map((x) => x.key)).toEqual([tagged]);
    const text = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('')).join('\n');
    expect(text(table)).toMatch(/Close the tagged session \d+ /);
    s = run(s, { type: 'openDetail' }, { type: 'askClose' });
    expect(s.confirm?.map((x) => x.key)).toEqual([viewed.key]);
    expect(text(s)).toMatch(new RegExp(`Close session ${viewed.id} `));
    // The tag stays for the table.
    expect(run(s, { type: 'cancelClose' }).tags.has(tagged)).toBe(true);
  });

  it('refuses to ask in read-only mode and with nothing selected', () => {
    expect(run(base({ readOnly: true }), snap(sessions(2)), { type: 'askClose' }).mode).toBe('table');
    expect(run(base(), snap([]), { type: 'askClose' }).message?.text).toBe('no session selected');
  });

  it('sorts: same column reverses, new column takes its default direction', () => {
    let s = run(base(), snap(sessions(3)), { type: 'sortBy', column: 'idle' });
    expect(s.descending).toBe(false);
    s = run(s, { type: 'sortBy', column: 'user' });
    expect([s.sort, s.descending]).toEqual(['user', false]);
  });

  it('rejects a bad initial filter with a message but keeps running', () => {
    const s = base({ filter: 'nope:x' });
    expect(s.message?.kind).toBe('error');
    expect(s.filter).toBeUndefined();
  });

  it('keeps the time in whole seconds of the clock: a tick within the same second changes nothing, and each row steps once a second whatever its own poll time', () => {
    let s = run(base(), snap(sessions(3), 1_500));
    expect(s.now).toBe(1_000);
    expect(reducer(s, { type: 'tick', now: 1_999 })).toBe(s);
    const t = reducer(s, { type: 'tick', now: 2_001 });
    expect(t.now).toBe(2_000);
    expect(reducer(t, { type: 'tick', now: 2_999 })).toBe(t);
    // Two sessions read 0.7 s apart (one kept from an earlier poll), ticks at an unrelated phase,
    // a poll arriving between two ticks: each shown idle time goes up by exactly 1 s per tick.
    const idleText = (st: UiState, user: string) => {
      const row = screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 })
        .map((l) => l.segments.map((g) => g.text).join('').trimEnd())
        .find((l) => l.includes(` ${user} `))!;
      // IDLE is the last duration on the row (BACKENDS follows it).
      return [...row.matchAll(/ (\d+)s\b/g)].at(-1)![1];
    };
    const a = makeSession({ id: 1, user: 'alice', idle: 10.0, polledAt: 20_300 });
    const b = makeSession({ id: 2, user: 'bob', idle: 20.0, polledAt: 21_000 });
    s = run(base({ now: 20_000 }), snap([a, b], 21_000));
    const shown: string[][] = [];
    for (let tick = 21_400; tick <= 26_400; tick += 1000) {
      // A poll arrives 0.3 s before the fourth tick, with b's idle read anew (same moment).
      if (tick === 24_400) s = run(s, snap([a, { ...b, idle: 23.1, polledAt: 24_100 }], 24_100));
      s = run(s, { type: 'tick', now: tick });
      shown.push([idleText(s, 'alice'), idleText(s, 'bob')]);
    }
    expect(shown).toEqual([['10', '20'], ['11', '21'], ['12', '22'], ['13', '23'], ['14', '24'], ['15', '25']]);
  });

  it('follows the clock when it is set back, so fresh readings are not shown with the step added', () => {
    const hour = 3_600_000;
    let s = run(base({ now: 10 * hour }), snap([makeSession({ id: 1, user: 'alice', idle: 5, polledAt: 10 * hour })], 10 * hour), { type: 'togglePause' });
    expect(s.now).toBe(10 * hour);
    expect(s.message?.text).toMatch(/paused/);
    // A late timer a little in the past changes nothing…
    expect(reducer(s, { type: 'tick', now: 10 * hour - 1500 })).toBe(s);
    // …but the clock set back an hour is followed, by ticks and by polls.
    s = run(s, { type: 'tick', now: 9 * hour + 2000 });
    expect(s.now).toBe(9 * hour + 2000);
    s = run(s, snap([makeSession({ id: 1, user: 'alice', idle: 0, polledAt: 9 * hour + 3000 })], 9 * hour + 3000));
    expect(s.now).toBe(9 * hour + 3000);
    const row = screenLines(s, tableLayout(s), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join('').trimEnd()).find((l) => l.includes('alice'))!;
    expect([...row.matchAll(/ (\d+)s\b/g)].at(-1)![1]).toBe('0');
    // All hosts down across a step back: STALE goes on counting, and the retry countdown waits for
    // the poller's next schedule instead of counting the hour.
    const header = (st: UiState) => screenLines(st, tableLayout(st), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''))[0];
    let down = run(base({ now: 10 * hour }), snap(sessions(2), 10 * hour), { type: 'pollFailed', error: 'x', at: 10 * hour + 1000 }, { type: 'retryAt', at: 10 * hour + 5000 });
    down = run(down, { type: 'tick', now: 10 * hour + 3000 });
    expect(header(down)).toMatch(/STALE 3s/);
    // (The second that passed with the step cannot be told from it: STALE holds for that tick.)
    down = run(down, { type: 'tick', now: 9 * hour + 4000 });
    expect(header(down)).toMatch(/STALE 3s/);
    down = run(down, { type: 'tick', now: 9 * hour + 5000 });
    expect(header(down)).toMatch(/STALE 4s/);
    expect(down.stale!.retryAt).toBeNull();
    // A message shown before the step still fades, on the new clock.
    expect(s.message?.text).toMatch(/paused/);
    s = run(s, { type: 'tick', now: 9 * hour + 60_000 });
    expect(s.message).toBeNull();
  });

  it('returns the same state when nothing changed (no re-render)', () => {
    const s = run(base(), snap(sessions(3)));
    expect(reducer(s, { type: 'tick', now: s.now })).toBe(s);
    // A resize always yields a new frame (the screen was cleared), even at the same size.
    expect(reducer(s, { type: 'resize', columns: 100, rows: 24 }).redraws).toBe(s.redraws + 1);
    expect(reducer(s, { type: 'move', to: 'home' })).toBe(s);
  });
});

describe('chunked keys', () => {
  it('splits printable chunks and Enter into single keys, keeps escape sequences whole', () => {
    expect(splitKeys('jjj', noKey).map(([k]) => k)).toEqual(['j', 'j', 'j']);
    const typed = splitKeys('60\r', noKey);
    expect(typed.map(([k, f]) => [k, f.return])).toEqual([['6', false], ['0', false], ['', true]]);
    // Key repeat or SSH coalescing delivers several Backspaces in one read: each one acts.
    expect(splitKeys('\x7f\x7f\b', noKey).map(([k, f]) => [k, f.delete, f.backspace])).toEqual([['', true, false], ['', true, false], ['', false, true]]);
    expect(splitKeys('Iq', noKey).map(([k, f]) => [k, f.shift])).toEqual([['I', true], ['q', false]]);
    expect(splitKeys('j', noKey)).toEqual([['j', noKey]]);
    expect(splitKeys('\x1b[A', noKey)).toHaveLength(1);
    expect(splitKeys('ab', { ...noKey, ctrl: true })).toHaveLength(1);
  });

  it('ESC + a printable key, which Ink reports as meta + the key, is Esc, then the key; named keys with meta stay whole', () => {
    const meta: Key = { ...noKey, meta: true };
    expect(splitKeys('k', meta)).toEqual([['', { ...meta, escape: true }], ['k', noKey]]);
    expect(splitKeys('K', { ...meta, shift: true })).toEqual([['', { ...meta, escape: true }], ['K', { ...noKey, shift: true }]]);
    expect(splitKeys('', { ...meta, escape: true })).toHaveLength(1); // a lone Esc (meta in Ink)
    expect(splitKeys('', { ...meta, upArrow: true })).toHaveLength(1); // Alt+↑
    expect(splitKeys('[200~', meta)).toHaveLength(1); // an unknown sequence: not one character
    // In the confirmation, ESC+y cancels; the y then lands on the list, where it does nothing.
    let s = run(base(), snap(sessions(5)), { type: 'askClose' });
    const commands: string[] = [];
    runKeys('y', meta, () => s, (c) => {
      commands.push(c.kind === 'dispatch' ? c.action.type : c.kind);
      if (c.kind === 'dispatch') s = reducer(s, c.action);
    });
    expect(commands).toEqual(['cancelClose', 'none']);
  });

  const typeChunk = (s: UiState, chunk: string): UiState => {
    runKeys(chunk, noKey, () => s, (c) => {
      if (c.kind === 'dispatch') s = reducer(s, c.action);
    });
    return s;
  };

  it('each key of a chunk sees the state the previous one left (move, then open the confirmation)', () => {
    const s = typeChunk(run(base(), snap(sessions(5))), 'jjk');
    expect(s.mode).toBe('confirm');
    expect(s.confirm?.map((x) => x.id)).toEqual([3]);
  });

  it('never answers a confirmation with the rest of the chunk that opened it', () => {
    const commands: string[] = [];
    let s = run(base(), snap(sessions(5)));
    runKeys('ky', noKey, () => s, (c) => {
      commands.push(c.kind);
      if (c.kind === 'dispatch') s = reducer(s, c.action);
    });
    expect(s.mode).toBe('confirm');
    expect(commands).not.toContain('confirmClose');
    // …and the footer says why that `y` did nothing.
    expect(s.message?.text).toBe('y ignored: it came before the question was on screen; read it, then press y');
    // Any other key in that chunk is dropped without a word.
    s = run(base(), snap(sessions(5)));
    runKeys('kj', noKey, () => s, (c) => {
      if (c.kind === 'dispatch') s = reducer(s, c.action);
    });
    expect([s.mode, s.message]).toEqual(['confirm', null]);
  });

  it('several Backspaces in one read erase as many characters in the filter and min-idle prompts', () => {
    let s = typeChunk(run(base(), snap(sessions(5))), '/user:abc');
    s = typeChunk(s, '\x7f\x7f\x7f');
    expect(s.filterText).toBe('user:');
    s = typeChunk(s, 'x\x7fy\r');
    expect(s.filterText).toBe('user:y');
    s = typeChunk(s, 'm12345\x7f\x7f\r');
    expect(s.minIdle).toBe(123);
  });

  it('in a prompt, the characters up to Enter are one input (a paste), and Enter then acts', () => {
    const s = typeChunk(run(base(), snap(sessions(5))), '/user:x !id:3\rj');
    expect(s.mode).toBe('table');
    expect(s.filterText).toBe('user:x !id:3');
  });
});

describe('min-idle prompt', () => {
  const commandAction = (c: ReturnType<typeof commandForKey>): UiAction => {
    if (c.kind !== 'dispatch') throw new Error(`expected a dispatch, got ${c.kind}`);
    return c.action;
  };
  const typeChunk = (s: UiState, chunk: string): UiState => {
    runKeys(chunk, noKey, () => s, (c) => {
      if (c.kind === 'dispatch') s = reducer(s, c.action);
    });
    return s;
  };
  const withIdles = () => run(base(), snap([10, 200, 4000, 8000].map((idle, i) => makeSession({ id: i + 1, idle }))));

  it('takes the durations the command line takes: 300, 5m, 1h, 1.5h', () => {
    for (const [typed, sec] of [['300', 300], ['5m', 300], ['1h', 3600], ['1.5h', 5400], ['2d', 172800], [' 90s ', 90]] as const) {
      const s = typeChunk(withIdles(), `m${typed}\r`);
      expect(s.mode).toBe('table');
      expect(s.minIdle).toBe(sec);
    }
    const s = typeChunk(withIdles(), 'm1h\r');
    expect(s.visible.map((x) => x.id).sort()).toEqual([3, 4]);
    expect(s.message?.text).toBe('showing sessions idle for 1h00m or more');
  });

  it('keeps the prompt open and says why when the text is not a duration; nothing changes', () => {
    const before = typeChunk(withIdles(), 'm5m\r');
    for (const typed of ['2x', 'h', '5 m', '500ms', '-5']) {
      const s = typeChunk(before, `m${typed}\r`);
      expect(s.mode).toBe('minIdle');
      expect(s.minIdle).toBe(300);
      expect(s.minIdleError).toMatch(/is not a duration: type seconds \(300\) or 30s, 5m, 1h, 2d$/);
      const footer = screenLines(s, tableLayout(s), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
      expect(footer.join('\n')).toContain('is not a duration');
      // Typing again clears the complaint; Esc leaves the old value.
      expect(run(s, commandAction(commandForKey(s, '', { ...noKey, delete: true }))).minIdleError).toBeNull();
      expect(run(s, { type: 'minIdleCancel' }).minIdle).toBe(300);
    }
  });

  it('opens with the current value, which the first key typed replaces and Backspace clears', () => {
    const s = typeChunk(withIdles(), 'm2h\r');
    const open = typeChunk(s, 'm');
    expect(open.minIdleInput).toBe('2h');
    expect(typeChunk(open, '300\r').minIdle).toBe(300);
    expect(run(open, commandAction(commandForKey(open, '', { ...noKey, backspace: true }))).minIdleInput).toBe('');
    expect(typeChunk(open, '\r').minIdle).toBe(7200);
    expect(typeChunk(typeChunk(withIdles(), 'm90\r'), 'm').minIdleInput).toBe('90');
  });
});

describe('one host of several down', () => {
  const other = 'mxs2:8989';
  const two = (status2: 'ok' | 'down', at: number): UiAction => ({
    type: 'snapshot',
    snapshot: {
      sessions: status2 === 'ok' ? [...sessions(2), makeSession({ id: 7, target: other, idle: 5 })] : sessions(2),
      health: [{ target: T, status: 'ok' }, { target: other, status: status2, error: status2 === 'down' ? `cannot reach ${other}: connection refused` : undefined }],
      fetchedAt: at,
    },
    at,
  });

  it('is not STALE, keeps polling at the interval, keeps the down host’s sessions, refuses to close only those', () => {
    let s = run(base(), two('ok', 0), two('down', 2000));
    expect(s.stale).toBeNull();
    expect(s.sessions.map((x) => x.id).sort()).toEqual([1, 2, 7]);
    const cursorOn = (id: number) => run(s, ...Array.from({ length: s.visible.findIndex((x) => x.id === id) }, () => ({ type: 'move', to: 'down' }) as UiAction));
    const onDown = run(cursorOn(7), { type: 'askClose' });
    expect(onDown.mode).toBe('table');
    expect(onDown.message?.text).toMatch(/mxs2:8989 is down/);
    // It goes with the first poll that finds the host answering (the header says ok by then);
    // another poll with the host still down keeps it.
    expect(run(onDown, two('down', 4000)).message?.text).toMatch(/mxs2:8989 is down/);
    expect(run(onDown, two('ok', 4000)).message).toBeNull();
    expect(run(cursorOn(1), { type: 'askClose' }).mode).toBe('confirm');
    const footer = screenLines(s, tableLayout(s), { color: false, idleWarnSec: 300, idleCritSec: 3600 }).map((l) => l.segments.map((g) => g.text).join(''));
    expect(footer.join('\n')).toContain('cannot reach mxs2:8989: connection refused');
  });

  it('a confirmation naming a session of a host that then goes down is withdrawn; one on a host still up stays', () => {
    const s = run(base(), two('ok', 0));
    const cursorOn = (id: number) => run(s, ...Array.from({ length: s.visible.findIndex((x) => x.id === id) }, () => ({ type: 'move', to: 'down' }) as UiAction));
    const onOther = run(cursorOn(7), { type: 'askClose' }, two('down', 2000));
    expect(onOther.mode).toBe('table');
    expect(onOther.confirm).toBeNull();
    expect(onOther.message?.text).toBe('mxs2:8989 stopped answering: the close was withdrawn, nothing was closed');
    const onFirst = run(cursorOn(1), { type: 'askClose' }, two('down', 2000));
    expect(onFirst.mode).toBe('confirm');
  });
});

describe('key map', () => {
  const s = run(base(), snap(sessions(3)));
  it('maps every sort key to its column', () => {
    for (const [k, col] of Object.entries(SORT_KEYS)) {
      expect(commandForKey(s, k, noKey)).toEqual({ kind: 'dispatch', action: { type: 'sortBy', column: col } });
    }
  });
  it('k and Delete ask to close; y only confirms in the confirmation', () => {
    expect(commandForKey(s, 'k', noKey)).toEqual({ kind: 'dispatch', action: { type: 'askClose' } });
    expect(commandForKey(s, '', { ...noKey, delete: true })).toEqual({ kind: 'dispatch', action: { type: 'askClose' } });
    expect(commandForKey(s, 'y', noKey)).toEqual({ kind: 'none' });
    const c = run(s, { type: 'askClose' });
    expect(commandForKey(c, 'y', noKey)).toEqual({ kind: 'confirmClose' });
    expect(commandForKey(c, 'Y', noKey)).toEqual({ kind: 'dispatch', action: { type: 'cancelClose' } });
    expect(commandForKey(c, '', { ...noKey, return: true })).toEqual({ kind: 'dispatch', action: { type: 'cancelClose' } });
    expect(commandForKey(c, 'c', { ...noKey, ctrl: true })).toEqual({ kind: 'quit' });
  });
  it('steps the interval and backs off', () => {
    expect(stepInterval(2, 1)).toBe(3);
    expect(stepInterval(2, -1)).toBe(1);
    expect(stepInterval(0.5, -1)).toBe(0.5);
    // Beyond the steps (-d 0.1, -d 1h): never the wrong way.
    expect(stepInterval(0.1, -1)).toBe(0.1);
    expect(stepInterval(0.1, 1)).toBe(0.5);
    expect(stepInterval(3600, 1)).toBe(3600);
    expect(stepInterval(3600, -1)).toBe(300);
    expect(stepInterval(7, 1)).toBe(10);
    // The first retries come at the interval (a restarted server is seen within one), then back off.
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((f) => nextDelaySec(2, f))).toEqual([2, 2, 2, 2, 4, 8, 16, 60]);
    expect(nextDelaySec(120, 9)).toBe(120);
  });
});

describe('screen lines', () => {
  it('never exceed rows − 1 lines or the width, at any size and in every mode', () => {
    const many = sessions(300).map((x, i) => ({ ...x, user: i % 2 ? '日本語のユーザー名' : 'u\x1b[31m' }));
    for (const [columns, rows] of [[20, 5], [40, 10], [80, 24], [133, 41], [250, 70]]) {
      let s = run(base({ columns, rows }), snap(many));
      for (const a of [null, { type: 'toggleHelp' }, { type: 'toggleHelp' }, { type: 'askClose' }, { type: 'cancelClose' }, { type: 'openDetail' }, { type: 'closeDetail' }, { type: 'openFilter' }] as (UiAction | null)[]) {
        if (a) s = reducer(s, a);
        const lines = screenLines(s, tableLayout(s), { color: true, idleWarnSec: 300, idleCritSec: 3600 });
        expect(lines.length).toBeLessThanOrEqual(rows - 1);
        for (const l of lines) expect(cellWidth(l.segments.map((g) => g.text).join(''))).toBe(columns);
      }
      if (rows > 8) expect(tableHeight(rows)).toBe(rows - 7);
    }
  });
});
