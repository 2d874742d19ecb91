// The only way the UI and the command close a session: re-read it first and refuse if it is not
// the session the user saw (ids are per-process: after a MaxScale restart the same id may be
// another client). Never closes any id other than `seen.id`, never on another target.
import type { Session } from '../core/model.js';
import { ApiError, type SessionsClient } from './types.js';
import { describeError, oneLine } from './errors.js';

export interface CloseOutcome {
  result: 'closed' | 'scheduled' | 'already-gone' | 'refused' | 'error';
  /** The session as the user saw it. */
  session: Session;
  /** One line, plain text. */
  message: string;
  error?: ApiError;
  /** An error after which the session may or may not be closed (the DELETE may have been acted on). */
  uncertain?: true;
}

const sameTime = (a: Date | null, b: Date | null): boolean => (a === null || b === null ? a === b : a.getTime() === b.getTime());
const show = (v: unknown): string =>
  v === null || v === undefined
    ? 'none'
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'number'
        ? String(v)
        : JSON.stringify(oneLine(String(v), 60));

/** What differs between the session the user saw and the one on the server now ('' if none). */
export function identityChanges(seen: Session, now: Session): string[] {
  const changes: string[] = [];
  // A user appearing once authentication finishes is the same session; any other change is not.
  if (seen.user !== null && seen.user !== now.user) changes.push(`user ${show(seen.user)} → ${show(now.user)}`);
  if (seen.address !== now.address) changes.push(`address ${show(seen.address)} → ${show(now.address)}`);
  if (seen.port !== undefined && now.port !== undefined && seen.port !== now.port) changes.push(`port ${show(seen.port)} → ${show(now.port)}`);
  if (!sameTime(seen.connected, now.connected)) changes.push(`connected ${show(seen.connected)} → ${show(now.connected)}`);
  return changes;
}

/** Failures that happen before a request leaves: whatever else fails, a DELETE may have been acted on. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

const mayHaveReachedServer = (error: ApiError): boolean =>
  (error.kind === 'timeout' || error.kind === 'unreachable') && !NOT_SENT.has(error.transportCode ?? '');

export async function safeCloseSession(client: SessionsClient, seen: Session, opts: { ttl?: number } = {}): Promise<CloseOutcome> {
  const label = `session ${seen.id} on ${seen.target}`;
  if (client.target !== seen.target) {
    const error = new ApiError('not-supported', seen.target, `refusing to close ${label} through the client of ${client.target}`);
    return { result: 'error', session: seen, message: error.message, error };
  }
  let now: Session;
  try {
    now = await client.getSession(seen.id);
  } catch (e) {
    const error = describeError(e, seen.target);
    if (error.kind === 'not-found') return { result: 'already-gone', session: seen, message: `${label} is already gone; nothing was closed` };
    return { result: 'error', session: seen, message: `could not check ${label} before closing it: ${error.message}`, error };
  }
  const changes = now.id === seen.id ? identityChanges(seen, now) : [`id ${seen.id} → ${now.id}`];
  if (changes.length > 0) {
    return {
      result: 'refused',
      session: seen,
      message: `not closed: ${label} is no longer the session you saw (${changes.join(', ')})`,
    };
  }
  try {
    const closed = await client.closeSession(seen.id, opts.ttl ? { ttl: opts.ttl } : undefined);
    if (closed.outcome === 'scheduled') {
      return { result: 'scheduled', session: seen, message: `${label} will be closed in ${closed.ttl} s` };
    }
    return { result: 'closed', session: seen, message: `closed ${label}` };
  } catch (e) {
    const error = describeError(e, seen.target);
    if (error.kind === 'not-found') return { result: 'already-gone', session: seen, message: `${label} was already closed` };
    // The DELETE may have gone out and no answer came: the server may well have closed it.
    if (mayHaveReachedServer(error)) {
      return { result: 'error', session: seen, message: `${label} may or may not be closed: ${error.message}; look for it again before retrying`, error, uncertain: true };
    }
    return { result: 'error', session: seen, message: error.message, error };
  }
}
