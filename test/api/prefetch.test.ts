import { describe, expect, it } from 'vitest';
import { prefetchingPages } from '../../src/api/prefetch.js';
import { seedDialect } from '../../src/api/seed-dialect.js';
import { v1Dialect } from '../../src/api/v1-dialect.js';
import type { HttpResponse, Transport } from '../../src/api/transport.js';

/** A page source whose answers the test releases one by one. */
function pageSource() {
  const asked: number[] = [];
  const release = new Map<number, (answer: { page: number; status: number }) => void>();
  const fetchPage = (page: number) => {
    asked.push(page);
    return new Promise<{ page: number; status: number }>((resolve) => release.set(page, resolve));
  };
  return { asked, fetchPage, answer: (page: number, status = 200) => release.get(page)!({ page, status }) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('prefetchingPages', () => {
  it('asks for the next page as soon as a page arrives, before the caller has read it', async () => {
    const src = pageSource();
    const pages = prefetchingPages(src.fetchPage, (p) => p < 3, (a) => a.status === 200);
    const first = pages.get(0);
    expect(src.asked).toEqual([0]);
    src.answer(0);
    await settle();
    // Page 1 is on its way while page 0 is still unread (parsed, in the dialects).
    expect(src.asked).toEqual([0, 1]);
    expect((await first).page).toBe(0);
    const second = pages.get(1);
    expect(src.asked).toEqual([0, 1]); // not asked twice
    src.answer(1);
    expect((await second).page).toBe(1);
    await settle();
    expect(src.asked).toEqual([0, 1, 2]);
  });

  it('asks for nothing after an answer that is not a page, and beyond the pages the last poll had', async () => {
    const src = pageSource();
    const pages = prefetchingPages(src.fetchPage, (p) => p < 3, (a) => a.status === 200);
    const first = pages.get(0);
    src.answer(0, 500);
    expect((await first).status).toBe(500);
    await settle();
    expect(src.asked).toEqual([0]);

    const more = pageSource();
    const last = prefetchingPages(more.fetchPage, (p) => p < 1, (a) => a.status === 200);
    const only = last.get(0);
    more.answer(0);
    await only;
    await settle();
    expect(more.asked).toEqual([0]); // page 1 did not exist at the last poll
  });

  it('a page asked for ahead and never read fails quietly', async () => {
    let unhandled = 0;
    const count = () => unhandled++;
    process.on('unhandledRejection', count);
    try {
      const pages = prefetchingPages(
        (page: number) => (page === 0 ? Promise.resolve({ status: 200 }) : Promise.reject(new Error('gone'))),
        () => true,
      );
      await pages.get(0);
      await settle();
      await settle();
      expect(unhandled).toBe(0);
    } finally {
      process.off('unhandledRejection', count);
    }
  });
});

describe('list polls ask for the next page before parsing this one', () => {
  // Two polls: the first learns that there are two pages; in the second, page 0 does not parse.
  // That page 1 was asked for all the same shows it went out before page 0's JSON was parsed
  // (the server prepares it meanwhile).
  function recordingTransport(pages: (poll: number, path: string) => string): { transport: Transport; paths: string[][] } {
    const paths: string[][] = [];
    let poll = -1;
    const transport: Transport = {
      async request(_method, path) {
        if (/[?&](range=0-|page\[number\]=0)/.test(path)) paths[++poll] = [];
        paths[poll].push(path);
        const res: HttpResponse = { status: 200, contentType: 'application/json', body: pages(poll, path), sentAt: 0, receivedAt: 0 };
        return res;
      },
      close: async () => undefined,
    };
    return { transport, paths };
  }
  const seedSession = (id: number) => ({ id, state: 'Session started', user: 'u', address: '10.0.0.1', service: '/services/s', connected: 'Wed Aug 31 03:03:12 2016', idle: 1 });
  const v1Session = (id: number) => ({ id: String(id), type: 'sessions', attributes: { state: 'Session started', user: 'u', remote: '10.0.0.1', idle: 1, connected: 'Wed Aug 31 03:03:12 2016' } });

  it('seed', async () => {
    const { transport, paths } = recordingTransport((poll, path) =>
      poll === 1 && path.includes('range=0-') ? '[{"id":' : JSON.stringify(path.includes('range=0-') ? [seedSession(1), seedSession(2)] : [seedSession(3)]),
    );
    const ops = seedDialect({ target: 't:1', transport, pageSize: 2, maxPages: 10 });
    expect((await ops.listSessions()).map((s) => s.id)).toEqual([1, 2, 3]);
    await expect(ops.listSessions()).rejects.toThrow(/not valid JSON/);
    await settle();
    expect(paths[1]).toHaveLength(2);
  });

  it('v1', async () => {
    const { transport, paths } = recordingTransport((poll, path) => {
      const first = path.includes('page[number]=0');
      if (poll === 1 && first) return '{"data":[';
      const data = first ? [v1Session(1), v1Session(2)] : [v1Session(3)];
      return JSON.stringify({ data, links: { self: 'x' }, meta: { total: 3 } });
    });
    const ops = v1Dialect({ target: 't:1', transport, pageSize: 2, maxPages: 10 });
    expect((await ops.listSessions()).map((s) => s.id)).toEqual([1, 2, 3]);
    await expect(ops.listSessions()).rejects.toThrow(/not valid JSON/);
    await settle();
    expect(paths[1]).toHaveLength(2);
  });
});
