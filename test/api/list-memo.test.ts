// A list poll reuses what did not change since the last one (the same Session object for an
// unchanged session) and asks for the next page while it reads one. Neither may change what a
// poll returns: checked against a fresh client reading the same simulated moment.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startSimulator, type Simulator, type SimOptions } from '../../src/sim/index.js';
import { createClient } from '../../src/api/client.js';
import { ApiError, type ClientOptions, type SessionsClient } from '../../src/api/types.js';
import type { Session } from '../../src/core/model.js';
import { SessionMemo } from '../../src/api/session-memo.js';
import { READING_SLACK_MS, readingResolutionMs } from '../../src/api/parse-common.js';
import { recordRequests, sessionRequests } from './helpers/requests.js';
import { failure } from './helpers/failure.js';
import { LARGE_LIST, LARGE_LIST_PAGE_SIZE } from '../../src/api/v1-dialect.js';
import { json, startTinyServer, type TinyServer } from './helpers/tiny-server.js';

const sims: Simulator[] = [];
const clients: SessionsClient[] = [];
const servers: TinyServer[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const PAGE = 7;

async function sim(options: SimOptions): Promise<Simulator> {
  const s = await startSimulator({ sessions: 40, seed: 11, clock: 'manual', churn: false, ...options });
  sims.push(s);
  return s;
}

function client(target: string, extra: Partial<ClientOptions> = {}): SessionsClient {
  const c = createClient({ target, user: 'admin', password: 'mariadb', pageSize: PAGE, ...extra });
  clients.push(c);
  return c;
}

const byId = (sessions: readonly Session[]) => new Map(sessions.map((s) => [s.id, s]));

const dialects = [
  { name: 'v1', dialects: ['v1'] },
  { name: 'seed', dialects: ['seed'] },
] as const;

describe.each(dialects)('$name list polls', ({ name, dialects: served }) => {
  it('hands back the very same object for a session that did not change', async () => {
    const s = await sim({ dialects: [...served] });
    const c = client(`127.0.0.1:${s.port}`, { dialect: name });
    const first = (await c.listSessions()).sessions;
    const second = (await c.listSessions()).sessions;
    expect(second).toHaveLength(40);
    const before = byId(first);
    let same = 0;
    for (const session of second) {
      const was = before.get(session.id)!;
      // The simulated clock stood still, so an idle time that did not grow went idle later: a
      // session idle for less than a reading's uncertainty (a busy one) may be read again with
      // this poll's time; one idle for longer is the very same object.
      // (A whole number reads as whole seconds: uncertain by a second.)
      if (was.idle !== null && was.idle * 1000 < readingResolutionMs(was.idle, was.idle) + READING_SLACK_MS + 200) {
        expect({ ...session, polledAt: 0 }).toEqual({ ...was, polledAt: 0 });
        expect(session.polledAt).toBeGreaterThanOrEqual(was.polledAt);
      } else {
        expect(session).toBe(was);
        same++;
      }
    }
    expect(same).toBeGreaterThan(20);
  });

  it('reads exactly what a fresh client reads, poll after poll, as sessions come, idle, work and leave', async () => {
    const s = await sim({ dialects: [...served], churn: true });
    const target = `127.0.0.1:${s.port}`;
    const longLived = client(target, { dialect: name });
    let reused = 0;
    let rebuilt = 0;
    let kept = 0;
    let previous = byId((await longLived.listSessions()).sessions);
    for (const seconds of [1, 5, 0, 0.1, 30, 2, 120, 7]) {
      s.clock.advance(seconds);
      const readAt = Date.now();
      const mine = (await longLived.listSessions()).sessions;
      const fresh = createClient({ target, user: 'admin', password: 'mariadb', pageSize: PAGE, dialect: name });
      let theirs: Session[];
      try {
        theirs = (await fresh.listSessions()).sessions;
      } finally {
        await fresh.close();
      }
      // Everything as a fresh client reads it, but for idle times (and ages): the long-lived
      // client may keep an earlier reading of an idle session, with that reading's own time, when
      // this poll's reading tells the same moment within the tolerance. (The simulated clock
      // jumps while the wall clock barely moves, so here that moment is only the same by the
      // wall clock: test/api/idle-reuse.test.ts checks the readings against a session's real
      // history.)
      const timeless = (list: Session[]) => list.map((x) => ({ ...x, idle: 0, secondsAlive: 0, polledAt: 0 }));
      expect(timeless(mine)).toEqual(timeless(theirs));
      for (let i = 0; i < mine.length; i++) {
        const [a, b] = [mine[i], theirs[i]];
        if (a.idle === b.idle && a.secondsAlive === b.secondsAlive) continue;
        expect(a.polledAt).toBeLessThanOrEqual(readAt);
        const since = (x: Session, v: number | null | undefined) => x.polledAt - (v ?? 0) * 1000;
        const slack = b.polledAt - readAt;
        // Within a reading's uncertainty: its resolution, plus the time the answers took.
        const within = (v: number, w: number) => readingResolutionMs(v, w) + READING_SLACK_MS + slack;
        if (b.idle !== null) {
          expect(b.idle * 1000).toBeGreaterThanOrEqual(readingResolutionMs(b.idle, b.idle) + READING_SLACK_MS);
          expect(Math.abs(since(a, a.idle) - since(b, b.idle))).toBeLessThanOrEqual(within(b.idle, a.idle!));
        }
        if (b.secondsAlive !== undefined) {
          expect(Math.abs(since(a, a.secondsAlive) - since(b, b.secondsAlive))).toBeLessThanOrEqual(within(b.secondsAlive, a.secondsAlive!));
        }
        kept++;
      }
      for (const session of mine) {
        if (session === previous.get(session.id)) reused++;
        else rebuilt++;
      }
      previous = byId(mine);
    }
    // Both paths ran: otherwise this test would prove nothing about one of them.
    expect(reused).toBeGreaterThan(0);
    expect(rebuilt).toBeGreaterThan(0);
    // The simulated clock's 0.1-s step, against a few ms of the wall clock's, is within a
    // reading's uncertainty: earlier readings were kept whose values differ from this poll's.
    expect(kept).toBeGreaterThan(0);
  });

  it('asks for the next page while reading one, and never further than the last poll went', async () => {
    const s = await sim({ dialects: [...served] });
    const c = client(`127.0.0.1:${s.port}`, { dialect: name });
    const rec = recordRequests();
    try {
      await c.listSessions();
      await c.listSessions();
    } finally {
      rec.stop();
    }
    const pages = sessionRequests(rec.sent).map((r) => r.path);
    // 40 sessions, 7 a page: pages 0–5 each poll (the sixth is short), nothing asked twice or beyond.
    expect(pages).toHaveLength(12);
    expect(pages.slice(6)).toEqual(pages.slice(0, 6));
    expect(new Set(pages.slice(0, 6)).size).toBe(6);
  });
});

describe('a page that fails in the middle of a poll', () => {
  const sessions = [1, 2, 3, 4, 5].map((id) => ({
    id,
    state: 'Session started',
    user: 'app',
    address: '10.0.0.1',
    service: '/services/rw',
    connected: 'Wed Aug 31 03:03:12 2016',
    idle: id,
  }));

  it('fails the poll with its own error, asks for nothing after it, and the next poll is whole again', async () => {
    let failRange: string | null = null;
    const server = await startTinyServer((req, res) => {
      const range = /range=(\d+)-(\d+)/.exec(req.url ?? '');
      if (!range) return json(res, 404, { error: 'not found', description: 'no' });
      if (range[0] === failRange) return json(res, 500, { error: 'Internal Server Error', description: 'page lost' });
      json(res, 200, sessions.slice(Number(range[1]), Number(range[2]) + 1));
    });
    servers.push(server);
    const c = client(server.target, { dialect: 'seed', pageSize: 2 });
    expect((await c.listSessions()).sessions.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);

    failRange = 'range=2-3';
    const rec = recordRequests();
    let e: ApiError;
    try {
      e = await failure(c.listSessions());
    } finally {
      rec.stop();
    }
    expect(e.kind).toBe('server-error');
    expect(e.message).toContain('page lost');
    expect(sessionRequests(rec.sent).map((r) => /range=[\d-]+/.exec(r.path)?.[0])).toEqual(['range=0-1', 'range=2-3']);

    failRange = null;
    const again = (await c.listSessions()).sessions;
    expect(again.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    expect(again.map((s) => s.idle)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('SessionMemo', () => {
  const session = (id: number): Session => ({
    key: `t#${id}`,
    id,
    target: 't',
    state: 's',
    user: null,
    address: null,
    service: null,
    connected: null,
    idle: 0,
    polledAt: 0,
    backends: null,
  });

  it('forgets the sessions a complete poll no longer contained', () => {
    const memo = new SessionMemo();
    memo.begin();
    for (const id of [1, 2, 3]) memo.remember(session(id), null, null, undefined, 0);
    memo.finish();
    expect(memo.size).toBe(3);
    memo.begin();
    expect(memo.lookup(1)?.session.id).toBe(1);
    memo.keep(memo.lookup(1)!);
    memo.keep(memo.lookup(3)!);
    expect(memo.lookup(1)).toBeNull(); // already produced by this poll
    memo.finish();
    expect(memo.size).toBe(2);
    memo.begin();
    expect(memo.lookup(2)).toBeUndefined();
    expect(memo.lookup(3)?.session.id).toBe(3);
  });

  it('shares one Date per connected text over two polls, and keeps no more than two polls of them', () => {
    const memo = new SessionMemo();
    const text = 'Fri, 05 Jan 2024 07:24:06 GMT';
    const date = new Date(Date.UTC(2024, 0, 5, 7, 24, 6));
    memo.begin();
    memo.keepDate(text, date);
    expect(memo.dateOf(text)).toBe(date);
    memo.begin();
    expect(memo.dateOf(text)).toBe(date); // parsed last poll: used again, so kept on
    memo.begin();
    expect(memo.dateOf(text)).toBe(date);
    memo.begin();
    memo.begin(); // two polls that did not need it
    expect(memo.dateOf(text)).toBeUndefined();
    // Sessions come and go all day, each second bringing a new text: two polls' worth at most.
    for (let poll = 0; poll < 1000; poll++) {
      memo.begin();
      for (let i = 0; i < 100; i++) memo.keepDate(`text ${poll}.${i}`, date);
    }
    expect(memo.cachedDates).toBe(200);
  });

  it('finds what each poll produced for an id, whatever order, repeats, gaps and failed polls the lists bring', () => {
    // The memo guesses the next entry from the last poll's order before it asks its map; a wrong
    // guess must never hand back another session's entry. Checked against a plain map of ids.
    const poll = fc.record({
      // An id list, or the last poll's list again (the usual case the guess is for), maybe cut short.
      ids: fc.option(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 30 }), { nil: undefined }),
      failsAfter: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
      rebuild: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    });
    fc.assert(
      fc.property(fc.array(poll, { minLength: 1, maxLength: 12 }), (polls) => {
        const memo = new SessionMemo();
        let kept = new Map<number, Session>();
        let last: number[] = [];
        for (const { ids = last, failsAfter, rebuild } of polls) {
          const listed = failsAfter === undefined ? ids : ids.slice(0, failsAfter);
          const produced = new Map<number, Session>();
          memo.begin();
          listed.forEach((id, i) => {
            const entry = memo.lookup(id);
            if (produced.has(id)) return expect(entry).toBeNull();
            const before = kept.get(id);
            if (before === undefined) expect(entry).toBeUndefined();
            else expect(entry?.session).toBe(before);
            if (entry === null) return;
            if (entry !== undefined && !rebuild[i]) {
              memo.keep(entry);
              produced.set(id, entry.session);
            } else {
              const fresh = session(id);
              memo.remember(fresh, null, null, entry, 0);
              produced.set(id, fresh);
            }
          });
          memo.finish();
          kept = produced;
          last = ids;
          expect(memo.size).toBe(kept.size);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never holds more than one poll: a poll that fails half way keeps only what it produced', () => {
    const memo = new SessionMemo();
    // A hostile server: new ids every poll, and every poll fails after its first page.
    for (let poll = 0; poll < 50; poll++) {
      memo.begin();
      for (let i = 0; i < 100; i++) memo.remember(session(poll * 100 + i + 1), null, null, undefined, 0);
      memo.finish(); // called from a finally block when the next page fails
    }
    expect(memo.size).toBe(100);
  });
});

describe('v1 pages of a large list', () => {
  it('are smaller once a poll has seen a large list, and the list read is the same', async () => {
    const s = await sim({ sessions: LARGE_LIST + 500, dialects: ['v1'] });
    const c = createClient({ target: `127.0.0.1:${s.port}`, user: 'admin', password: 'mariadb', dialect: 'v1' });
    clients.push(c);
    const rec = recordRequests();
    try {
      const sizes = () => sessionRequests(rec.sent).map((r) => new URL(r.path, 'http://x').searchParams.get('page[size]'));
      const first = await c.listSessions();
      expect(new Set(sizes())).toEqual(new Set(['5000']));
      const asked = sizes().length;
      const second = await c.listSessions();
      const then = sizes().slice(asked);
      expect(new Set(then)).toEqual(new Set([String(LARGE_LIST_PAGE_SIZE)]));
      // Every page asked for, and none beyond the list (the page count known from the last poll).
      expect(then).toHaveLength(Math.ceil((LARGE_LIST + 500) / LARGE_LIST_PAGE_SIZE));
      const strip = ({ polledAt: _p, idle: _i, ...rest }: Session) => rest;
      expect(second.sessions.map(strip)).toEqual(first.sessions.map(strip));
    } finally {
      rec.stop();
    }
  });
});
