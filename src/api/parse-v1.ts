// Parsers for real MaxScale's JSON:API (`/v1`), 2.2 … 24.x. Accepts the documented version
// differences; anything else is a 'bad-response' naming the field.
import { type ClientInfo, type Connection, type QueryInfo, type ServerInfo, type Session } from '../core/model.js';
import { parseIsoTime } from './dates.js';
import { optNumberAt, pathAt, readConnected, readId, readIdle, readItem, readNullableString, readSeconds, readUser, sameCore, sameMoment, sameUser, sameValue } from './parse-common.js';
import { appendPageItems, internedText, SessionMemo, wireText, type MemoEntry } from './session-memo.js';
import { intern, nameFromPath, type Fields, type Json } from './validate.js';

export interface V1Page {
  sessions: Session[];
  /** `meta.total` when the server pages (6.4.4+). */
  total?: number;
  /** True when `links.next` is present. */
  hasNext: boolean;
  /** True when the answer carries paging metadata at all (false: the server ignored paging). */
  paged: boolean;
}

/** `relationships.services.data[0].id` (a service name or path), validated; null when there is none. */
function serviceIdOf(f: Fields, relationships: unknown, prefix: string, index: number): string | null {
  if (relationships === undefined || relationships === null) return null;
  if (!isObject(relationships)) throw f.fail(pathAt(prefix, index, '.relationships'), relationships, 'an object');
  const services = relationships.services;
  if (services === undefined) return null;
  if (!isObject(services)) throw f.fail(pathAt(prefix, index, '.relationships.services'), services, 'an object');
  const data = services.data;
  if (data === undefined || data === null) return null;
  if (!Array.isArray(data)) throw f.fail(pathAt(prefix, index, '.relationships.services.data'), data, 'an array');
  if (data.length === 0) return null;
  const first: unknown = data[0];
  if (!isObject(first)) throw f.fail(pathAt(prefix, index, '.relationships.services.data[0]'), first, 'an object');
  if (typeof first.id !== 'string') throw f.fail(pathAt(prefix, index, '.relationships.services.data[0].id'), first.id, 'a string');
  return first.id;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function backendMemory(memory: Json | undefined): Record<string, unknown> | undefined {
  const buffers = memory?.connection_buffers;
  if (!buffers || typeof buffers !== 'object') return undefined; // 22.08 sent a plain number here
  const backends = (buffers as Json).backends;
  return backends && typeof backends === 'object' && !Array.isArray(backends) ? (backends as Json) : undefined;
}

export function parseV1Connection(f: Fields, value: unknown, path: string, memory?: Json): Connection {
  const o = f.object(value, path);
  const server = nameFromPath(f.string(o.server, `${path}.server`));
  const connection: Connection = { server };
  // 21.x+: numeric `connection_id`; 2.3–2.5: `id` such as "0x7f1c5c0012e0".
  if (o.connection_id !== undefined && o.connection_id !== null) {
    connection.backendConnectionId = f.number(o.connection_id, `${path}.connection_id`);
  } else if (o.id !== undefined && o.id !== null) {
    connection.backendConnectionId = typeof o.id === 'number' ? o.id : f.string(o.id, `${path}.id`);
  }
  const cipher = f.optString(o.cipher, `${path}.cipher`);
  if (cipher !== undefined) connection.cipher = cipher;
  const perServer = backendMemory(memory)?.[server];
  if (perServer && typeof perServer === 'object') {
    const total = f.optNumber((perServer as Json).total, `attributes.memory.connection_buffers.backends.${server}.total`);
    if (total !== undefined) connection.memory = total;
  }
  return connection;
}

function parseClient(f: Fields, value: unknown, path: string): ClientInfo {
  const o = f.object(value, path);
  const info: ClientInfo = {};
  const cipher = f.optString(o.cipher, `${path}.cipher`);
  if (cipher !== undefined) info.cipher = cipher;
  const attrs = o.connection_attributes;
  if (attrs === null) info.attributes = null;
  else if (attrs !== undefined) {
    const record = f.object(attrs, `${path}.connection_attributes`);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else throw f.fail(`${path}.connection_attributes.${k}`, v, 'a string');
    }
    info.attributes = out;
  }
  return info;
}

function parseQuery(f: Fields, value: unknown, path: string): QueryInfo {
  // MaxScale: {command, statement (COM_QUERY only), received, completed (when done),
  // responses: [{server, duration (ms)}]}; times are server-local ISO without a zone.
  const o = f.object(value, path);
  const statement = f.optString(o.statement, `${path}.statement`) ?? f.optString(o.command, `${path}.command`) ?? '';
  const received = typeof o.received === 'string' ? parseIsoTime(o.received) : null;
  const completed = typeof o.completed === 'string' ? parseIsoTime(o.completed) : null;
  let durationMs: number | null = null;
  if (received && completed) durationMs = Math.max(0, completed.getTime() - received.getTime());
  else if (Array.isArray(o.responses)) {
    const durations = o.responses
      .map((r) => (r && typeof r === 'object' ? (r as Json).duration : undefined))
      .filter((d): d is number => typeof d === 'number' && Number.isFinite(d));
    if (durations.length > 0) durationMs = Math.max(...durations);
  }
  return { statement, received, completed, durationMs };
}

/** An optional number reused from the previous poll when equal. */
function optNumberLike(f: Fields, raw: unknown, previous: number | undefined, prefix: string, index: number, field: string, reuse: boolean): number | undefined {
  return reuse && sameValue(raw, previous) ? previous : optNumberAt(f, raw, prefix, index, field);
}

/**
 * The list fields of one `sessions` resource (what the table shows). `prev` is the same session
 * in the last poll: values that did not change are reused, and the previous object itself when
 * nothing changed. With a `memo`, what this poll produced is recorded in it.
 */
function readV1Session(f: Fields, o: Json, id: number, prefix: string, index: number, prev: MemoEntry | undefined, memo?: SessionMemo): Session {
  const a = o.attributes;
  if (!isObject(a)) throw f.fail(pathAt(prefix, index, '.attributes'), a, 'an object');
  const p = prev?.session;
  const reuse = p !== undefined;
  const state = reuse && a.state === p.state ? p.state : intern(f.string(a.state, pathAt(prefix, index, '.attributes.state')));
  const user = reuse && sameUser(a.user, p.user) ? p.user : readUser(f, a.user, pathAt(prefix, index, '.attributes.user'));
  const address = reuse && sameValue(a.remote, p.address) ? p.address : readNullableString(f, a.remote, pathAt(prefix, index, '.attributes.remote'));
  const connected =
    reuse && sameValue(a.connected, prev!.connectedText) ? p.connected : readConnected(f, a.connected, pathAt(prefix, index, '.attributes.connected'), memo);
  // Idle time and age grow between polls: when both tell the same moments as last time, the
  // earlier readings stand with their own poll time (see sameMoment).
  const sameTimes =
    reuse &&
    sameMoment(a.idle, f.at, f.window, p.idle, p.polledAt, prev!.window) &&
    sameMoment(a.seconds_alive, f.at, f.window, p.secondsAlive, p.polledAt, prev!.window, false);
  const idle = sameTimes ? p!.idle : readIdle(f, a.idle, prefix, index, '.attributes.idle');
  const polledAt = sameTimes ? p!.polledAt : f.at;
  const serviceText = serviceIdOf(f, o.relationships, prefix, index);
  const service = reuse && serviceText === prev!.serviceText ? p.service : serviceText === null ? null : nameFromPath(serviceText);
  const rawConnections = a.connections;
  // The list only needs the count; entries are read (and validated) for the detail view.
  const backends =
    rawConnections === undefined || rawConnections === null
      ? null
      : Array.isArray(rawConnections)
        ? rawConnections.length
        : f.array(rawConnections, pathAt(prefix, index, '.attributes.connections')).length;
  const memory = a.memory;
  if (memory !== undefined && memory !== null && !isObject(memory)) throw f.fail(pathAt(prefix, index, '.attributes.memory'), memory, 'an object');
  const memoryTotal = optNumberLike(f, memory?.total, p?.memory, prefix, index, '.attributes.memory.total', reuse);
  const port = optNumberLike(f, a.port, p?.port, prefix, index, '.attributes.port', reuse);
  const io = optNumberLike(f, a.io_activity, p?.ioActivity, prefix, index, '.attributes.io_activity', reuse);
  const alive = sameTimes ? p!.secondsAlive : readSeconds(f, a.seconds_alive, prefix, index, '.attributes.seconds_alive');
  if (
    sameTimes &&
    sameCore(p!, state, user, address, service, connected) &&
    backends === p.backends &&
    memoryTotal === p.memory &&
    port === p.port &&
    io === p.ioActivity &&
    alive === p.secondsAlive
  ) {
    memo?.keep(prev!);
    return p;
  }
  // Every field in the literal, absent ones as undefined: one shape for all sessions, held in the
  // object itself (fields added afterwards go to a separate property array: +60 B and an
  // allocation per session per poll at 100k).
  const session: Session = {
    key: p?.key ?? f.keyPrefix + id,
    id,
    target: f.target,
    state,
    user,
    address,
    service,
    connected,
    idle,
    polledAt,
    backends,
    port,
    memory: memoryTotal,
    ioActivity: io,
    secondsAlive: alive,
  };
  memo?.remember(session, wireText(a.connected, prev?.connectedText), internedText(serviceText, prev?.serviceText), prev, sameTimes ? prev!.window : f.window);
  return session;
}

/** A v1 id: a decimal string such as "15001"; the common case without building a path. */
function readV1Id(f: Fields, value: unknown, prefix: string, index: number): number {
  if (typeof value === 'string' && V1_ID.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return readId(f, value, prefix, index, '.id');
}
const V1_ID = /^[1-9]\d{0,15}$/;

/**
 * Item `index` of a list page, reusing what `memo` kept from the last poll; null when this poll
 * already produced the same session (sessions move between pages while we page).
 */
function readV1ListItem(f: Fields, value: unknown, index: number, memo: SessionMemo): Session | null {
  const o = readItem(f, value, 'data', index);
  const id = readV1Id(f, o.id, 'data', index);
  const prev = memo.lookup(id);
  if (prev === null) return null;
  return readV1Session(f, o, id, 'data', index, prev, memo);
}

/** One `sessions` resource with everything the detail view shows. */
export function parseV1Resource(f: Fields, value: unknown, path: string): Session {
  const o = readItem(f, value, path, -1);
  const session = readV1Session(f, o, readV1Id(f, o.id, path, -1), path, -1, undefined);
  const a = o.attributes as Json;
  const ap = `${path}.attributes`;
  const memory = a.memory === undefined || a.memory === null ? undefined : (a.memory as Json);
  if (a.connections !== undefined && a.connections !== null) {
    session.connections = (a.connections as unknown[]).map((c, i) => parseV1Connection(f, c, `${ap}.connections[${i}]`, memory));
  }
  if (a.client !== undefined && a.client !== null) session.client = parseClient(f, a.client, `${ap}.client`);
  if (a.queries !== undefined && a.queries !== null) {
    session.queries = f.array(a.queries, `${ap}.queries`).map((q, i) => parseQuery(f, q, `${ap}.queries[${i}]`));
  }
  return session;
}

/** What one list page said about paging, and how many items it had and how many were new. */
export interface V1PageRead {
  items: number;
  added: number;
  /** `meta.total` when the server pages (6.4.4+). */
  total?: number;
  /** True when `links.next` is present. */
  hasNext: boolean;
  /** True when the answer carries paging metadata at all (false: the server ignored paging). */
  paged: boolean;
}

/** One list page: appends to `into` the sessions this poll (`memo`) has not produced yet. */
export function readV1Page(f: Fields, json: unknown, memo: SessionMemo, into: Session[]): V1PageRead {
  const doc = f.object(json, 'body');
  const items = f.array(doc.data, 'data');
  const meta = doc.meta === undefined || doc.meta === null ? undefined : f.object(doc.meta, 'meta');
  const links = doc.links === undefined || doc.links === null ? undefined : f.object(doc.links, 'links');
  const total = f.optNumber(meta?.total, 'meta.total');
  const hasNext = typeof links?.next === 'string' && links.next !== '';
  const paged = total !== undefined || hasNext || (links !== undefined && typeof links.last === 'string');
  const added = appendPageItems(items, (item, i) => readV1ListItem(f, item, i, memo), into);
  return { items: items.length, added, total, hasNext, paged };
}

/** A whole list answer read on its own, with a fresh memo (tests, one-off reads). */
export function parseV1Page(f: Fields, json: unknown): V1Page {
  const memo = new SessionMemo();
  memo.begin();
  const sessions: Session[] = [];
  const { total, hasNext, paged } = readV1Page(f, json, memo, sessions);
  return { sessions, total, hasNext, paged };
}

export function parseV1One(f: Fields, json: unknown): Session {
  const doc = f.object(json, 'body');
  return parseV1Resource(f, doc.data, 'data');
}

export function parseV1Servers(f: Fields, json: unknown): ServerInfo[] {
  const doc = f.object(json, 'body');
  return f.array(doc.data, 'data').map((item, i) => {
    const path = `data[${i}]`;
    const o = f.object(item, path);
    const a = o.attributes === undefined ? {} : f.object(o.attributes, `${path}.attributes`);
    const p = a.parameters === undefined || a.parameters === null ? {} : f.object(a.parameters, `${path}.attributes.parameters`);
    const s = a.statistics === undefined || a.statistics === null ? {} : f.object(a.statistics, `${path}.attributes.statistics`);
    const sp = `${path}.attributes.statistics`;
    const server: ServerInfo = {
      name: f.string(o.id, `${path}.id`),
      statistics: {
        connections: f.optNumber(s.connections, `${sp}.connections`),
        maxConnections: f.optNumber(s.max_connections, `${sp}.max_connections`),
        activeOperations: f.optNumber(s.active_operations, `${sp}.active_operations`),
        failedAuths: f.optNumber(s.failed_auths, `${sp}.failed_auths`),
        persistentConnections: f.optNumber(s.persistent_connections, `${sp}.persistent_connections`),
        totalConnections: f.optNumber(s.total_connections, `${sp}.total_connections`),
      },
    };
    const state = f.optString(a.state, `${path}.attributes.state`);
    if (state !== undefined) server.state = state;
    const address = f.optString(p.address, `${path}.attributes.parameters.address`);
    if (address !== undefined) server.address = address;
    const port = f.optNumber(p.port, `${path}.attributes.parameters.port`);
    if (port !== undefined) server.port = port;
    return server;
  });
}

/** Longest version text kept; MaxScale's look like `24.08.3` or `2.5.29`. */
export const MAX_VERSION_CHARS = 40;

/**
 * `data.attributes.version` of `GET /v1/maxscale`, trimmed and bounded; undefined for any other
 * shape (never throws: the version is informative only). Still untrusted text: sanitise on display.
 */
export function parseV1Version(json: unknown): string | undefined {
  const data = json !== null && typeof json === 'object' ? (json as Json).data : undefined;
  const attributes = data !== null && typeof data === 'object' ? (data as Json).attributes : undefined;
  const version = attributes !== null && typeof attributes === 'object' ? (attributes as Json).version : undefined;
  if (typeof version !== 'string') return undefined;
  const trimmed = version.trim().slice(0, MAX_VERSION_CHARS);
  return trimmed === '' ? undefined : trimmed;
}
