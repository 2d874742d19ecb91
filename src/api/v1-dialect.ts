// Real MaxScale (JSON:API under /v1): sparse fields, page[size]/page[number] paging, DELETE with ttl.
import type { Session } from '../core/model.js';
import { alreadyClosed, closedResult, closeUnsupported, endlessPages, type DialectContext, type DialectOps } from './dialect.js';
import { errorFromStatus } from './errors.js';
import { parseV1One, parseV1Servers, parseV1Version, readV1Page } from './parse-v1.js';
import { prefetchingPages } from './prefetch.js';
import { SessionMemo } from './session-memo.js';
import type { HttpResponse } from './transport.js';
import { okJson, tryJson } from './responses.js';

/** Only what the session table shows (JSON-pointer-ish paths relative to attributes/relationships). */
export const V1_LIST_FIELDS = 'state,user,remote,port,connected,idle,connections,memory/total,io_activity,seconds_alive,services';

export function v1Dialect({ target, transport, pageSize, maxPages }: DialectContext): DialectOps {
  // Servers before 2.5 may reject `fields[...]` with a 400: retry once without, and remember.
  let fieldsRejected = false;
  const subject = (id: number) => `session ${id}`;

  const memo = new SessionMemo();
  /** Pages the last complete poll read: which pages to ask for ahead. */
  let lastPages = 0;

  async function fetchPage(page: number): Promise<HttpResponse> {
    // Compact JSON: MaxScale pretty-prints by default, which roughly doubles the bytes of a big list.
    const paging = `page[size]=${pageSize}&page[number]=${page}&pretty=false`;
    if (!fieldsRejected) {
      const res = await transport.request('GET', `/v1/sessions?${paging}&fields[sessions]=${V1_LIST_FIELDS}`);
      if (res.status !== 400) return res;
      fieldsRejected = true;
    }
    return transport.request('GET', `/v1/sessions?${paging}`);
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
      let lastPage = maxPages;
      const pages = prefetchingPages(async (page) => okJson(await fetchPage(page), target, 'the session list'), (page) => page < lastPages);
      memo.begin();
      try {
        let pagesRead = 0;
        let ended = false;
        for (let page = 0; page < Math.min(lastPage, maxPages) && !ended; page++) {
          const { json, f } = await pages.get(page);
          pagesRead = page + 1;
          // Sessions move between pages while we page: one already read is not added twice.
          const frame = readV1Page(f, json, memo, sessions);
          if (frame.total !== undefined) lastPage = Math.min(lastPage, Math.ceil(frame.total / pageSize) + 1);
          // No paging metadata: an older server that ignored page[] and sent everything.
          ended =
            !frame.paged ||
            frame.items === 0 ||
            frame.added === 0 ||
            !(frame.hasNext || (frame.total !== undefined && (page + 1) * pageSize < frame.total));
        }
        // Pages beyond what the server's own total needs are not asked for; an endless list is an error.
        if (!ended && lastPage >= maxPages) throw endlessPages(target, maxPages, sessions.length);
        lastPages = pagesRead;
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
        // Older MaxScale answers 404 to DELETE for every session: if the session still reads
        // back, the 404 means "cannot close", not "already gone".
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

    async version() {
      // Nice to have: any failure (older server, odd shape, timeout) just leaves it unknown.
      try {
        const res = await transport.request('GET', '/v1/maxscale');
        return res.status === 200 ? parseV1Version(tryJson(res.body)) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
