// Parsers for real MaxScale's JSON:API (`/v1`), 2.2 … 24.x. Accepts the documented version
// differences; anything else is a 'bad-response' naming the field.
import { sessionKey, type ClientInfo, type Connection, type QueryInfo, type ServerInfo, type Session } from '../core/model.js';
import { parseIsoTime } from './dates.js';
import { readConnected, readIdle, readNullableString, readUser } from './parse-common.js';
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

function serviceOf(f: Fields, relationships: unknown, path: string): string | null {
  if (relationships === undefined || relationships === null) return null;
  const rel = f.object(relationships, path);
  if (rel.services === undefined) return null;
  const services = f.object(rel.services, `${path}.services`);
  if (services.data === undefined || services.data === null) return null;
  const data = f.array(services.data, `${path}.services.data`);
  if (data.length === 0) return null;
  const first = f.object(data[0], `${path}.services.data[0]`);
  return nameFromPath(f.string(first.id, `${path}.services.data[0].id`));
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

/** One `sessions` resource. `detail` adds the fields only the detail view needs. */
export function parseV1Resource(f: Fields, value: unknown, path: string, detail: boolean): Session {
  const o = f.object(value, path);
  const id = f.id(o.id, `${path}.id`);
  const a = f.object(o.attributes, `${path}.attributes`);
  const ap = `${path}.attributes`;
  const memory = a.memory === undefined || a.memory === null ? undefined : f.object(a.memory, `${ap}.memory`);
  const rawConnections = a.connections === undefined || a.connections === null ? undefined : f.array(a.connections, `${ap}.connections`);
  // The list only needs the count; entries are read (and validated) for the detail view.
  const connections = detail ? rawConnections?.map((c, i) => parseV1Connection(f, c, `${ap}.connections[${i}]`, memory)) : undefined;
  const session: Session = {
    key: sessionKey(f.target, id),
    id,
    target: f.target,
    state: intern(f.string(a.state, `${ap}.state`)),
    user: readUser(f, a.user, `${ap}.user`),
    address: readNullableString(f, a.remote, `${ap}.remote`),
    service: serviceOf(f, o.relationships, `${path}.relationships`),
    connected: readConnected(f, a.connected, `${ap}.connected`),
    idle: readIdle(f, a.idle, `${ap}.idle`),
    backends: rawConnections ? rawConnections.length : null,
  };
  const port = f.optNumber(a.port, `${ap}.port`);
  if (port !== undefined) session.port = port;
  const memoryTotal = f.optNumber(memory?.total, `${ap}.memory.total`);
  if (memoryTotal !== undefined) session.memory = memoryTotal;
  const io = f.optNumber(a.io_activity, `${ap}.io_activity`);
  if (io !== undefined) session.ioActivity = io;
  const alive = f.optNumber(a.seconds_alive, `${ap}.seconds_alive`);
  if (alive !== undefined) session.secondsAlive = alive;
  if (detail) {
    if (connections) session.connections = connections;
    if (a.client !== undefined && a.client !== null) session.client = parseClient(f, a.client, `${ap}.client`);
    if (a.queries !== undefined && a.queries !== null) {
      session.queries = f.array(a.queries, `${ap}.queries`).map((q, i) => parseQuery(f, q, `${ap}.queries[${i}]`));
    }
  }
  return session;
}

export function parseV1Page(f: Fields, json: unknown): V1Page {
  const doc = f.object(json, 'body');
  const sessions = f.array(doc.data, 'data').map((item, i) => parseV1Resource(f, item, `data[${i}]`, false));
  const meta = doc.meta === undefined || doc.meta === null ? undefined : f.object(doc.meta, 'meta');
  const links = doc.links === undefined || doc.links === null ? undefined : f.object(doc.links, 'links');
  const total = f.optNumber(meta?.total, 'meta.total');
  const hasNext = typeof links?.next === 'string' && links.next !== '';
  const paged = total !== undefined || hasNext || (links !== undefined && typeof links.last === 'string');
  return { sessions, total, hasNext, paged };
}

export function parseV1One(f: Fields, json: unknown): Session {
  const doc = f.object(json, 'body');
  return parseV1Resource(f, doc.data, 'data', true);
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
