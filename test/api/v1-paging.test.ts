// How far a v1 list poll pages when the server's paging metadata is wrong or missing: a wrong
// count or a server that pages without saying so must never cut the list short in silence.
import { describe, expect, it } from 'vitest';
import { v1Dialect } from '../../src/api/v1-dialect.js';
import { ApiError } from '../../src/api/types.js';
import type { Transport } from '../../src/api/transport.js';

const session = (id: number) => ({ id: String(id), type: 'sessions', attributes: { state: 'Session started', user: 'u', remote: '10.0.0.1', idle: 1 } });

interface Server {
  sessions: number;
  /** What the answer says besides `data`. */
  extra?: (page: number, pages: number) => Record<string, unknown>;
  /** Ignore page[] and send everything. */
  noPaging?: boolean;
  /** Ignore page[number]: every answer is page 0. */
  firstPageOnly?: boolean;
}

/** A fake MaxScale answering list pages of `size`; returns the pages asked for. */
function serve(server: Server, size: number): { transport: Transport; asked: number[] } {
  const asked: number[] = [];
  const transport: Transport = {
    async request(_method, path) {
      const number = Number(/page\[number\]=(\d+)/.exec(path)?.[1] ?? 0);
      asked.push(number);
      const page = server.firstPageOnly ? 0 : number;
      const ids = Array.from({ length: server.sessions }, (_, i) => i + 1);
      const data = (server.noPaging ? ids : ids.slice(page * size, (page + 1) * size)).map(session);
      const body = JSON.stringify({ data, ...(server.extra?.(page, Math.ceil(server.sessions / size)) ?? {}) });
      return { status: 200, contentType: 'application/json', body, sentAt: 0, receivedAt: 0 };
    },
    close: async () => undefined,
  };
  return { transport, asked };
}

async function poll(server: Server, size = 10): Promise<{ count: number; asked: number[] }> {
  const { transport, asked } = serve(server, size);
  const sessions = await v1Dialect({ target: 't:1', transport, pageSize: size, maxPages: 100 }).listSessions();
  expect(new Set(sessions.map((s) => s.id)).size).toBe(sessions.length);
  return { count: sessions.length, asked };
}

const next = (page: number, pages: number) => (page + 1 < pages ? { next: `/v1/sessions?page[number]=${page + 1}` } : {});

describe('v1 list paging', () => {
  it('reads every page when meta.total is too low (0, or one page) but pages go on', async () => {
    for (const total of [0, 10, 15]) {
      expect((await poll({ sessions: 35, extra: (p, n) => ({ meta: { total }, links: { self: 'x', ...next(p, n) } }) })).count).toBe(35);
      expect((await poll({ sessions: 35, extra: () => ({ meta: { total }, links: { self: 'x' } }) })).count).toBe(35);
    }
  });
  it('reads every page of a server that pages without meta or links', async () => {
    expect((await poll({ sessions: 35 })).count).toBe(35);
    // An exact multiple of the page size costs one more, empty, page.
    expect(await poll({ sessions: 30 })).toEqual({ count: 30, asked: [0, 1, 2, 3] });
  });
  it('asks once of a server that ignores page[] and sends everything', async () => {
    expect(await poll({ sessions: 35, noPaging: true })).toEqual({ count: 35, asked: [0] });
    expect(await poll({ sessions: 7, noPaging: true })).toEqual({ count: 7, asked: [0] });
    // Exactly a page long: the next page repeats it, nothing new, and the poll ends.
    expect(await poll({ sessions: 10, noPaging: true })).toEqual({ count: 10, asked: [0, 1] });
  });
  it('stops a page after what the total and the sessions read justify: a server ignoring page[number] while its list moves', async () => {
    // Every answer is the first page of a list whose ids move on by one each request: always
    // full, always one session new. Bounded by the total (25: three pages) plus one.
    let shift = 0;
    const asked: number[] = [];
    const transport: Transport = {
      async request(_method, path) {
        asked.push(Number(/page\[number\]=(\d+)/.exec(path)?.[1] ?? 0));
        const data = Array.from({ length: 10 }, (_, i) => session(i + 1 + shift));
        shift++;
        const body = JSON.stringify({ data, meta: { total: 25 }, links: { self: 'x', next: 'y' } });
        return { status: 200, contentType: 'application/json', body, sentAt: 0, receivedAt: 0 };
      },
      close: async () => undefined,
    };
    const sessions = await v1Dialect({ target: 't:1', transport, pageSize: 10, maxPages: 100 }).listSessions();
    expect(asked).toEqual([0, 1, 2, 3]);
    expect(sessions).toHaveLength(13);
  });

  it('a server that says it has more (a total beyond the sessions read, a next link) but repeats the first page: an error, not a list of one page', async () => {
    const paging = [
      () => ({ meta: { total: 35 } }),
      () => ({ links: { self: 'x', next: 'y' } }),
    ];
    for (const extra of paging) {
      const { transport, asked } = serve({ sessions: 35, firstPageOnly: true, extra }, 10);
      const error = await v1Dialect({ target: 't:1', transport, pageSize: 10, maxPages: 100 }).listSessions().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'bad-response', message: 't:1 answered page 2 of the session list with the same 10 sessions as before: its paging looks broken; nothing was shown from this poll' });
      expect(asked).toEqual([0, 1]);
    }
  });

  it('stops where correct metadata says the list ends', async () => {
    const exact = { sessions: 30, extra: (p: number, n: number) => ({ meta: { total: 30 }, links: { self: 'x', ...next(p, n) } }) };
    // The last page is full: one empty page confirms the end (the total could be low).
    expect(await poll(exact)).toEqual({ count: 30, asked: [0, 1, 2, 3] });
    const short = { sessions: 25, extra: (p: number, n: number) => ({ meta: { total: 25 }, links: { self: 'x', ...next(p, n) } }) };
    expect(await poll(short)).toEqual({ count: 25, asked: [0, 1, 2] });
  });
});
