// Real MaxScale (JSON:API under /v1): sparse fields, page[size]/page[number] paging, DELETE with ttl.
import type { Session } from '../core/model.js';
import { alreadyClosed, closedResult, closesSessions, closeUnsupported, endlessPages, repeatedPage, type DialectContext, type DialectOps } from './dialect.js';
import { errorFromStatus } from './errors.js';
import { parseV1One, parseV1Servers, parseV1Version, readV1Page } from './parse-v1.js';
import { prefetchingPages } from './prefetch.js';
import { SessionMemo } from './session-memo.js';
import type { HttpResponse } from './transport.js';
import { okJson, tryJson } from './responses.js';

/** Only what the session table shows (JSON-pointer-ish paths relative to attributes/relationships). */
export const V1_LIST_FIELDS = 'state,user,remote,port,connected,idle,connections,memory/total,io_activity,seconds_alive,services';

/**
 * Pages of a large list (one of LARGE_LIST sessions or more at the last poll) hold at most this
 * many: ~650 KB, about what a seed page of 5000 holds. Polling a large list takes most of the
 * interval, and every big page's text and objects then outlive a young-generation collection
 * while the next page is parsed, are promoted, and are left to full collections. Measured on
 * the running binary at 100k v1 sessions, 1-s interval, 60 s, two runs each: pages of 5000 peak
 * at 263–268 MB RSS for 49–50 % of a core, pages of 1000 at 233 MB for 36–37 %. Smaller lists
 * keep the larger pages: at 10k, with time to spare between polls, pages of 1000 cost about one
 * point of a core more (the requests), where back to back they too were cheaper.
 */
export const LARGE_LIST_PAGE_SIZE = 1000;
/** Sessions from which a list is large. */
export const LARGE_LIST = 30_000;

export function v1Dialect({ target, transport, pageSize: listPageSize, maxPages }: DialectContext): DialectOps {
  // Servers before 2.5 may reject `fields[...]` with a 400: retry once without, and remember.
  let fieldsRejected = false;
  const subject = (id: number) => `session ${id}`;

  const memo = new SessionMemo();
  /** Sessions and pages of the last complete poll: the next one's page size and pages to ask for ahead. */
  let lastCount = 0;
  let lastPages = 0;
  let lastPageSize = listPageSize;

  async function fetchPage(page: number, pageSize: number): Promise<HttpResponse> {
    // Compact JSON: MaxScale pretty-prints by default, which roughly doubles the bytes of a big list.
    const paging = `page[size]=${pageSize}&page[number]=${page}&pretty=false`;
    if (!fieldsRejected) {
      const res = await transport.request('GET', `/v1/sessions?${paging}&fields[sessions]=${V1_LIST_FIELDS}`);
      if (res.status !== 400) return res;
      fieldsRejected = true;
    }
    return transport.request('GET', `/v1/sessions?${paging}`);
  }

  async function version(): Promise<string | undefined> {
    // Nice to have: any failure (older server, odd shape, timeout) just leaves it unknown.
    try {
      const res = await transport.request('GET', '/v1/maxscale');
      return res.status === 200 ? parseV1Version(tryJson(res.body)) : undefined;
    } catch {
      return undefined;
    }
  }

  async function getSession(id: number): Promise<Session> {
    const { json, f } = okJson(await transport.request('GET', `/v1/sessions/${id}`), target, subject(id));
    return parseV1One(f, json);
  }

  return {
    dialect: 'v1',
    getSession,

    async listSessions() {
      const sessions: Session[] = [];
      const pageSize = lastCount >= LARGE_LIST ? Math.min(listPageSize, LARGE_LIST_PAGE_SIZE) : listPageSize;
      // The pages the last poll read, in pages of this poll's size.
      const pagesAhead = pageSize === lastPageSize ? lastPages : Math.ceil(lastCount / pageSize);
      const pages = prefetchingPages(
        (page) => fetchPage(page, pageSize),
        (page) => page < pagesAhead,
        (res) => res.status === 200,
      );
      memo.begin();
      try {
        let pagesRead = 0;
        let ended = false;
        for (let page = 0; page < maxPages && !ended; page++) {
          const { json, f } = okJson(await pages.get(page), target, 'the session list');
          pagesRead = page + 1;
          // Sessions move between pages while we page: one already read is not added twice.
          const frame = readV1Page(f, json, memo, sessions);
          // The list goes on while the server says so (a next link, a total beyond this page) or
          // a page comes back exactly as long as asked: a total that is too low, or a server that
          // pages without saying so, must not cut the list short. An older server that ignored
          // page[] sent everything, more than a page, or exactly a page and then the same again
          // (without paging metadata): a page of nothing new ends it. A full page of nothing new
          // from a server that says it has more than we read (a next link, a total beyond the
          // sessions read) is a server repeating its pages: an error, not the pages so far as the
          // whole list. MaxScale does not cut a list that fits one page: with exactly a page of
          // sessions every page number answers with all of them and their total (no next link),
          // so the second page brings nothing new and the list is whole.
          // But never more than one page beyond what the total or the sessions read so far
          // justify: a server that ignores page[number] while its list moves gives a full page
          // with something new every time, for ever.
          const full = frame.items === pageSize;
          const claimsMore = frame.hasNext || (frame.total !== undefined && frame.total > sessions.length);
          if (full && frame.added === 0 && claimsMore) throw repeatedPage(target, page + 1, frame.items);
          const justified = Math.max(frame.total === undefined ? 0 : Math.ceil(frame.total / pageSize), Math.ceil(sessions.length / pageSize)) + 1;
          ended =
            frame.items === 0 ||
            frame.added === 0 ||
            page + 1 >= justified ||
            !(frame.hasNext || full || (frame.paged && frame.total !== undefined && (page + 1) * pageSize < frame.total));
        }
        if (!ended) throw endlessPages(target, maxPages, sessions.length);
        lastPages = pagesRead;
        lastPageSize = pageSize;
        lastCount = sessions.length;
      } finally {
        memo.finish();
      }
      return sessions;
    },

    async getConnections(id) {
      const session = await getSession(id);
      return session.connections ?? [];
    },

    async closeSession(id, ttl) {
      const res = await transport.request('DELETE', ttl > 0 ? `/v1/sessions/${id}?ttl=${ttl}` : `/v1/sessions/${id}`);
      if (res.status === 200 || res.status === 204) return closedResult(target, id, res.status, ttl);
      if (res.status === 405 || res.status === 501) throw closeUnsupported(target, res.status);
      if (res.status === 404) {
        // 22.08 and later close sessions and answer 404 to a DELETE only for an id they do not
        // have (the API's word for it): it is gone, and a read back would decide nothing. Older
        // MaxScale answers 404 to every DELETE: it cannot close sessions, this one there or not.
        const closes = closesSessions(await version());
        if (closes === true) throw alreadyClosed(target, id, 404);
        if (closes === false) throw closeUnsupported(target, 404);
        // Version unknown: if the session still reads back, the 404 means "cannot close", not
        // "already gone".
        const check = await transport.request('GET', `/v1/sessions/${id}`);
        if (check.status === 200) throw closeUnsupported(target, 404);
        throw alreadyClosed(target, id, 404);
      }
      throw errorFromStatus({ target, status: res.status, body: tryJson(res.body), subject: subject(id), closing: true });
    },

    async getServers() {
      const { json, f } = okJson(await transport.request('GET', '/v1/servers'), target, 'the server list');
      return parseV1Servers(f, json);
    },

    version,
  };
}
