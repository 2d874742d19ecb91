// What each dialect implements; the client dispatches to one of these after detection.
import type { Connection, Dialect, ServerInfo, Session } from '../core/model.js';
import { ApiError, type CloseResult } from './types.js';
import type { Transport } from './transport.js';

export interface DialectContext {
  target: string;
  transport: Transport;
  pageSize: number;
  /** Upper bound of pages fetched by one list poll (MAX_PAGES; tests lower it). */
  maxPages: number;
}

export interface DialectOps {
  readonly dialect: Dialect;
  listSessions(): Promise<Session[]>;
  getSession(id: number): Promise<Session>;
  getConnections(id: number): Promise<Connection[]>;
  closeSession(id: number, ttl: number): Promise<CloseResult>;
  getServers(): Promise<ServerInfo[]>;
  /** The server's version, or undefined when it does not say; never rejects. */
  version(): Promise<string | undefined>;
}

export const closedResult = (target: string, id: number, status: number, ttl: number): CloseResult =>
  ttl > 0 ? { outcome: 'scheduled', id, target, status, ttl } : { outcome: 'closed', id, target, status };

export const alreadyClosed = (target: string, id: number, status: number): ApiError =>
  new ApiError('not-found', target, `session ${id} on ${target} is already closed`, status);

/**
 * Whether a MaxScale of this version closes sessions over REST (`DELETE /v1/sessions/:id`, from
 * 22.08); undefined when the version is unknown or not of the MAJOR.MINOR… form.
 */
export function closesSessions(version: string | undefined): boolean | undefined {
  const m = version === undefined ? null : /^(\d{1,6})\.(\d{1,6})(?!\d)/.exec(version);
  if (m === null) return undefined;
  const major = Number(m[1]);
  return major > 22 || (major === 22 && Number(m[2]) >= 8);
}

export const closeUnsupported = (target: string, status: number): ApiError =>
  new ApiError(
    'close-unsupported',
    target,
    `${target} cannot close sessions over its REST API (HTTP ${status}); closing needs MaxScale 22.08 or later`,
    status,
  );

/** Upper bound of pages fetched by one list poll, whatever the server claims. */
export const MAX_PAGES = 10_000;

/** A list whose pages never end: an error, not a list silently cut short. */
export const endlessPages = (target: string, pages: number, sessions: number): ApiError =>
  new ApiError('bad-response', target, `${target} was still sending new sessions after ${pages} pages (${sessions} sessions): its paging looks broken; nothing was shown from this poll`);

/**
 * A full page with nothing new (`page` counted from 1) from a server that says it has more.
 * Sessions moving while we page would need a page's worth of new ones ahead of it between two
 * requests to fill it with ones already read: the server sent earlier pages again (it ignores
 * where a page starts), and what it has beyond them is unknown. An error, not a list silently cut
 * to its first page.
 */
export const repeatedPage = (target: string, page: number, sessions: number): ApiError =>
  new ApiError(
    'bad-response',
    target,
    `${target} answered page ${page} of the session list with the same ${sessions} sessions as before: its paging looks broken; nothing was shown from this poll`,
  );
