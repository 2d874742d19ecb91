// Parsers for the seed dialect: plain arrays/objects, service and server as paths.
import { type Connection, type ConnectionStats, type Session } from '../core/model.js';
import { pathAt, readConnected, readId, readIdle, readItem, readNullableString, readUser, sameCore, sameMoment, sameUser, sameValue } from './parse-common.js';
import { appendPageItems, SessionMemo, wireText, type MemoEntry } from './session-memo.js';
import { intern, nameFromPath, type Fields, type Json } from './validate.js';

/**
 * One seed session object. `prev` is what the same session looked like in the last poll: values
 * that did not change are reused, and the previous object itself when nothing changed. With a
 * `memo`, what this poll produced is recorded in it.
 */
function readSeedSession(f: Fields, o: Json, id: number, prefix: string, index: number, prev: MemoEntry | undefined, memo?: SessionMemo): Session {
  const p = prev?.session;
  const state = p !== undefined && o.state === p.state ? p.state : intern(f.string(o.state, pathAt(prefix, index, '.state')));
  const user = p !== undefined && sameUser(o.user, p.user) ? p.user : readUser(f, o.user, pathAt(prefix, index, '.user'));
  const address = p !== undefined && sameValue(o.address, p.address) ? p.address : readNullableString(f, o.address, pathAt(prefix, index, '.address'));
  const serviceText =
    prev !== undefined && sameValue(o.service, prev.serviceText) ? prev.serviceText : readNullableString(f, o.service, pathAt(prefix, index, '.service'));
  const service = p !== undefined && serviceText === prev!.serviceText ? p.service : serviceText === null ? null : nameFromPath(serviceText);
  const connected =
    p !== undefined && sameValue(o.connected, prev!.connectedText) ? p.connected : readConnected(f, o.connected, pathAt(prefix, index, '.connected'), memo);
  // An idle session's idle time grows between polls; when it tells the same moment it went idle,
  // the earlier reading stands with its own poll time and the session can be reused whole.
  const sameIdle = p !== undefined && sameMoment(o.idle, f.at, f.window, p.idle, p.polledAt, prev!.window);
  if (p !== undefined && sameIdle && sameCore(p, state, user, address, service, connected)) {
    memo?.keep(prev!);
    return p;
  }
  const idle = sameIdle ? p!.idle : readIdle(f, o.idle, prefix, index, '.idle');
  const polledAt = sameIdle ? p!.polledAt : f.at;
  // The seed session object does not say how many backends it has.
  const session: Session = { key: p?.key ?? f.keyPrefix + id, id, target: f.target, state, user, address, service, connected, idle, polledAt, backends: null };
  memo?.remember(session, wireText(o.connected, prev?.connectedText), serviceText, prev, sameIdle ? prev!.window : f.window);
  return session;
}

export function parseSeedSession(f: Fields, value: unknown, path: string): Session {
  const o = readItem(f, value, path, -1);
  return readSeedSession(f, o, readId(f, o.id, path, -1, '.id'), path, -1, undefined);
}

/**
 * Item `index` of a list page, reusing what `memo` kept from the last poll; null when this poll
 * already produced the same session (sessions shift between pages while we page).
 */
function readSeedListItem(f: Fields, value: unknown, index: number, memo: SessionMemo): Session | null {
  const o = readItem(f, value, '', index);
  const id = readId(f, o.id, '', index, '.id');
  const prev = memo.lookup(id);
  if (prev === null) return null;
  return readSeedSession(f, o, id, '', index, prev, memo);
}

/** One list page: appends to `into` the sessions this poll (`memo`) has not produced yet. */
export function readSeedPage(f: Fields, json: unknown, memo: SessionMemo, into: Session[]): { items: number; added: number } {
  const items = f.array(json, 'body');
  const added = appendPageItems(items, (item, i) => readSeedListItem(f, item, i, memo), into);
  return { items: items.length, added };
}

/** A whole list answer read on its own, with a fresh memo (tests, one-off reads). */
export function parseSeedSessionArray(f: Fields, json: unknown): Session[] {
  const memo = new SessionMemo();
  memo.begin();
  const sessions: Session[] = [];
  readSeedPage(f, json, memo, sessions);
  return sessions;
}

function parseStats(f: Fields, value: unknown, path: string): ConnectionStats {
  const o = f.object(value, path);
  return {
    reads: f.number(o.reads, `${path}.reads`),
    writes: f.number(o.writes, `${path}.writes`),
    bufferedWrites: f.number(o.buffered_writes, `${path}.buffered_writes`),
    highWaterEvents: f.number(o.high_water_events, `${path}.high_water_events`),
    lowWaterEvents: f.number(o.low_water_events, `${path}.low_water_events`),
  };
}

export function parseSeedConnection(f: Fields, value: unknown, path: string): Connection {
  const o = f.object(value, path);
  const connection: Connection = { server: nameFromPath(f.string(o.server, `${path}.server`)) };
  const role = f.optString(o.role, `${path}.role`);
  const state = f.optString(o.state, `${path}.state`);
  const service = f.optString(o.service, `${path}.service`);
  if (role !== undefined) connection.role = role;
  if (state !== undefined) connection.state = state;
  if (service !== undefined) connection.service = nameFromPath(service);
  if (o.statistics !== undefined) connection.statistics = parseStats(f, o.statistics, `${path}.statistics`);
  return connection;
}

export function parseSeedConnectionArray(f: Fields, json: unknown): Connection[] {
  return f.array(json, 'body').map((item, i) => parseSeedConnection(f, item, `[${i}]`));
}
