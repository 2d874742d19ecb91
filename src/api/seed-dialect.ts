// The seed design: GET /sessions (array, `fields`, `range=A-B`), /sessions/:id,
// /sessions/:id/connections, DELETE /sessions/:id → 204.
import type { Session } from '../core/model.js';
import { ApiError } from './types.js';
import { alreadyClosed, closedResult, closeUnsupported, endlessPages, repeatedPage, type DialectContext, type DialectOps } from './dialect.js';
import { errorFromStatus } from './errors.js';
import { parseSeedConnectionArray, parseSeedSession, readSeedPage } from './parse-seed.js';
import { prefetchingPages } from './prefetch.js';
import { SessionMemo } from './session-memo.js';
import { okJson, tryJson } from './responses.js';

/** Only what the session table shows. */
export const SEED_LIST_FIELDS = 'id,state,user,address,service,connected,idle';

export function seedDialect({ target, transport, pageSize, maxPages }: DialectContext): DialectOps {
  const subject = (id: number) => `session ${id}`;
  const memo = new SessionMemo();
  /** Pages the last complete poll read: which pages to ask for ahead. */
  let lastPages = 0;
  return {
    dialect: 'seed',

    async listSessions() {
      const sessions: Session[] = [];
      const pagePath = (page: number) => `/sessions?fields=${SEED_LIST_FIELDS}&range=${page * pageSize}-${(page + 1) * pageSize - 1}`;
      const pages = prefetchingPages(
        (page) => transport.request('GET', pagePath(page)),
        (page) => page < lastPages,
        (res) => res.status === 200,
      );
      memo.begin();
      try {
        let pagesRead = 0;
        let ended = false;
        for (let page = 0; page < maxPages && !ended; page++) {
          const { json, f } = okJson(await pages.get(page), target, 'the session list');
          pagesRead = page + 1;
          // Sessions shift between pages while we page: one already read is not added twice.
          const { items, added } = readSeedPage(f, json, memo, sessions);
          // A short (or empty) page ends the list; a page longer than asked means the server
          // ignored `range` and sent everything. A full page with nothing new means it is
          // repeating itself: an error, not the pages so far as the whole list.
          if (items === pageSize && added === 0) throw repeatedPage(target, page + 1, items);
          ended = items !== pageSize;
        }
        if (!ended) throw endlessPages(target, maxPages, sessions.length);
        lastPages = pagesRead;
      } finally {
        memo.finish();
      }
      return sessions;
    },

    async getSession(id) {
      const res = await transport.request('GET', `/sessions/${id}`);
      const { json, f } = okJson(res, target, subject(id));
      return parseSeedSession(f, json, 'body');
    },

    async getConnections(id) {
      const res = await transport.request('GET', `/sessions/${id}/connections`);
      const { json, f } = okJson(res, target, subject(id));
      return parseSeedConnectionArray(f, json);
    },

    async closeSession(id, ttl) {
      if (ttl > 0) {
        throw new ApiError('not-supported', target, `${target} speaks the seed API, which cannot close a session after a delay (ttl); close it now instead`);
      }
      const res = await transport.request('DELETE', `/sessions/${id}`);
      if (res.status === 204 || res.status === 200) return closedResult(target, id, res.status, 0);
      if (res.status === 404) throw alreadyClosed(target, id, 404);
      if (res.status === 405 || res.status === 501) throw closeUnsupported(target, res.status);
      throw errorFromStatus({ target, status: res.status, body: tryJson(res.body), subject: subject(id), closing: true });
    },

    async getServers() {
      throw new ApiError('not-supported', target, `${target} speaks the seed API, which has no per-server statistics`);
    },

    // The seed design has no version resource.
    version: () => Promise.resolve(undefined),
  };
}
