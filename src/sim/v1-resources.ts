/**
 * JSON:API resources as a MaxScale 24.08 server renders them, with keys in sorted order so that
 * `JSON.stringify` output matches MaxScale's sorted, 4-space pretty printing.
 *
 * Session attributes are built lazily per top-level key so that sparse fieldsets and filters only
 * pay for what they touch (10k sessions with a few fields stays cheap).
 *
 * `queries` follow MaxScale's `Session::QueryInfo::as_json()`: newest first, each
 * `{"command","completed"?,"received","responses":[{"duration","server"}],"statement"}` where the
 * times are `YYYY-MM-DDTHH:MM:SS.mmm` (UTC here; MaxScale uses its local zone), `completed` and the
 * responses appear once the statement has completed, and `duration` is in milliseconds.
 *
 * Simplifications: `io_activity` is a running count of the session's reads and writes (real
 * MaxScale reports recent activity); `memory` uses fixed per-buffer sizes plus the retained
 * statements' lengths; `log` is always empty; times are UTC.
 */
import type { SimServer, SimService } from './catalog.js';
import { idleTenths, isBusy, stateAt, userAt, type SimModel, type SimSession } from './model.js';
import { httpDate, isoMillis, memoBySecond } from './time-format.js';
import { compilePicker, pick, resolvePointer, type FieldTree, type Picker } from './v1-sparse.js';

export interface RenderContext {
  now: number;
  /** `http://HOST` */
  base: string;
}

type AttributeBuilder = (s: SimSession, ctx: RenderContext) => unknown;

const LOG_PARAMETERS = Object.freeze({
  log_debug: false,
  log_error: false,
  log_info: false,
  log_notice: false,
  log_warning: false,
});

/** One builder per attribute, in sorted key order. Returning undefined omits the attribute. */
export const SESSION_ATTRIBUTES: Readonly<Record<string, AttributeBuilder>> = {
  client: (s, { now }) => ({
    cipher: s.cipher,
    connection_attributes: connectionAttributes(s, now),
    sescmd_history_len: s.sescmdHistory,
    sescmd_history_stored_metadata: 0,
    sescmd_history_stored_responses: s.sescmdHistory,
  }),
  connected: (s) => connectedHttp(s.connectedAt),
  connections: (s) => s.connections.map((c) => ({ cipher: c.cipher, connection_id: c.connectionId, server: c.server })),
  idle: (s, { now }) => idleTenths(s, now),
  io_activity: (s) => s.ioActivity,
  log: () => [],
  memory: (s) => sessionMemory(s),
  parameters: () => ({ ...LOG_PARAMETERS }),
  port: (s) => s.port,
  queries: (s, { now }) => s.queries.map((q) => {
    const done = now >= q.completedAt;
    const o: Record<string, unknown> = { command: q.command };
    if (done) o.completed = isoMillis(q.completedAt);
    o.received = isoMillis(q.receivedAt);
    o.responses = done && q.server ? [{ duration: Math.max(0, Math.floor(q.completedAt) - Math.floor(q.receivedAt)), server: q.server }] : [];
    o.statement = q.statement;
    return o;
  }),
  remote: (s) => s.address,
  seconds_alive: (s, { now }) => Math.max(0, Math.round(now - s.connectedAt)) / 1000,
  state: (s, { now }) => stateAt(s, now),
  thread: (s) => s.thread,
  user: (s, { now }) => userAt(s, now) || undefined,
};

const ATTRIBUTE_NAMES = Object.keys(SESSION_ATTRIBUTES).sort();

/** The builder of a known attribute; never an inherited property such as `constructor`. */
function attributeBuilder(name: string): AttributeBuilder | undefined {
  return Object.prototype.hasOwnProperty.call(SESSION_ATTRIBUTES, name) ? SESSION_ATTRIBUTES[name] : undefined;
}
const connectedHttp = memoBySecond(httpDate);

function connectionAttributes(s: SimSession, now: number): Record<string, string> | null {
  if (now < s.authUntil) return null;
  if (s.clientAttributes !== undefined) {
    if (s.clientAttributes === null) return null;
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(s.clientAttributes).sort()) sorted[k] = s.clientAttributes[k];
    return sorted;
  }
  const c = s.client!;
  return {
    _client_name: c.name,
    _client_version: c.version,
    _os: c.os,
    _pid: String(s.clientPid),
    _platform: c.platform,
    _server_host: s.address,
  };
}

const BACKEND_MISC = 662;
const CLIENT_MISC = 654;
const SESCMD_BYTES = 485;
const QUERY_OVERHEAD = 48;

/** Distinct backend server names, sorted (a session rarely has two connections to one server). */
function backendNames(s: SimSession): string[] {
  const names: string[] = [];
  for (const c of s.connections) if (!names.includes(c.server)) names.push(c.server);
  return names.sort();
}

function lastQueriesBytes(s: SimSession): number {
  let n = 0;
  for (const q of s.queries) n += q.statement.length + QUERY_OVERHEAD;
  return n;
}

/** MaxScale 22.08+ `memory`: buffers per connection plus history and retained statements. */
export function sessionMemory(s: SimSession): Record<string, unknown> {
  const backends: Record<string, unknown> = {};
  const names = backendNames(s);
  for (const name of names) backends[name] = { misc: BACKEND_MISC, readq: 0, total: BACKEND_MISC, writeq: 0 };
  const clientTotal = CLIENT_MISC + s.readBuffer;
  const buffersTotal = clientTotal + names.length * BACKEND_MISC;
  const lastQueries = lastQueriesBytes(s);
  const sescmd = SESCMD_BYTES * s.sescmdHistory;
  return {
    connection_buffers: {
      backends,
      client: { misc: CLIENT_MISC, readq: s.readBuffer, total: clientTotal, writeq: 0 },
      total: buffersTotal,
    },
    exec_metadata: 0,
    last_queries: lastQueries,
    sescmd_history: sescmd,
    total: buffersTotal + lastQueries + sescmd,
    variables: 0,
  };
}

/** `memory.total` alone, without building the object (the list view asks for just this). */
export function sessionMemoryTotal(s: SimSession): number {
  let backends = 0;
  for (let i = 0; i < s.connections.length; i++) {
    let seen = false;
    for (let j = 0; j < i; j++) if (s.connections[j].server === s.connections[i].server) seen = true;
    if (!seen) backends++;
  }
  return CLIENT_MISC + s.readBuffer + backends * BACKEND_MISC + lastQueriesBytes(s) + SESCMD_BYTES * s.sescmdHistory;
}

function sessionRelationships(s: SimSession, ctx: RenderContext): Record<string, unknown> {
  return {
    services: {
      data: [{ id: s.service, type: 'services' }],
      links: {
        related: `${ctx.base}/v1/services/`,
        self: `${ctx.base}/v1/sessions/${s.id}/relationships/services/`,
      },
    },
  };
}

/** The usual ask (`services` named whole): skip picking, the relationship is used as built. */
const WHOLE_SERVICES: Picker = [['services', true]];

/** What a sparse fieldset asks of each session, worked out once per request. */
export interface SessionPlan {
  attributes: readonly (readonly [string, AttributeBuilder, Picker])[];
  /** null: no relationship was named. */
  relationships: Picker | null;
}

/** null fields → null plan (the whole resource). */
export function sessionPlan(fields: FieldTree | null): SessionPlan | null {
  if (fields === null) return null;
  const attributes: (readonly [string, AttributeBuilder, Picker])[] = [];
  for (const name of Object.keys(fields).sort()) {
    const build = attributeBuilder(name);
    if (!build) continue;
    const picker = compilePicker(fields[name]);
    if (name === 'memory' && picker !== true && picker.length === 1 && picker[0][0] === 'total' && picker[0][1] === true) {
      attributes.push([name, (s) => ({ total: sessionMemoryTotal(s) }), true]);
    } else {
      attributes.push([name, build, picker]);
    }
  }
  const relationships =
    fields.services === true ? WHOLE_SERVICES : fields.services !== undefined ? compilePicker({ services: fields.services }) : null;
  // (FieldTree nodes have no prototype, so `fields.services` is only ever a requested field.)
  return { attributes, relationships };
}

/** The session resource, whole (`plan` null) or as a sparse fieldset. */
export function sessionResource(s: SimSession, ctx: RenderContext, plan: SessionPlan | null): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  let relationships: Record<string, unknown> | undefined;
  if (plan === null) {
    for (const name of ATTRIBUTE_NAMES) {
      const v = SESSION_ATTRIBUTES[name](s, ctx);
      if (v !== undefined) attributes[name] = v;
    }
    relationships = sessionRelationships(s, ctx);
  } else {
    for (const [name, build, picker] of plan.attributes) {
      const v = pick(build(s, ctx), picker);
      if (v !== undefined) attributes[name] = v;
    }
    if (plan.relationships === WHOLE_SERVICES) {
      relationships = sessionRelationships(s, ctx);
    } else if (plan.relationships !== null) {
      relationships = pick(sessionRelationships(s, ctx), plan.relationships) as Record<string, unknown> | undefined;
    }
  }
  const out: Record<string, unknown> = {
    attributes,
    id: String(s.id),
    links: { self: `${ctx.base}/v1/sessions/${s.id}/` },
  };
  if (relationships) out.relationships = relationships;
  out.type = 'sessions';
  return out;
}

/** Resolves a filter pointer against a session without building the whole resource. */
export function sessionPointer(s: SimSession, ctx: RenderContext, pointer: readonly string[]): unknown {
  const [head, name, ...rest] = pointer;
  switch (head) {
    case 'id':
      return pointer.length === 1 ? String(s.id) : undefined;
    case 'type':
      return pointer.length === 1 ? 'sessions' : undefined;
    case 'attributes': {
      if (name === undefined) return sessionResource(s, ctx, null).attributes;
      const build = attributeBuilder(name);
      return build ? resolvePointer(build(s, ctx), rest) : undefined;
    }
    case 'relationships':
      return resolvePointer(sessionRelationships(s, ctx), pointer.slice(1));
    case 'links':
      return resolvePointer({ self: `${ctx.base}/v1/sessions/${s.id}/` }, pointer.slice(1));
    default:
      return undefined;
  }
}

// ---- servers, services, maxscale ----------------------------------------------------------

export const MAXSCALE_VERSION = '24.08.3';

export function serverResource(server: SimServer, model: SimModel, ctx: RenderContext): Record<string, unknown> {
  const st = model.serverStatistics(server.name)!;
  const services = model.services().filter((svc) => svc.servers.includes(server.name));
  return {
    attributes: {
      gtid_binlog_pos: '0-3000-1742',
      gtid_current_pos: '0-3000-1742',
      last_event: 'master_up',
      parameters: { address: server.address, port: server.port, protocol: 'mariadbbackend' },
      replication_lag: server.role === 'Master' ? 0 : 1,
      state: server.role === 'Master' ? 'Master, Running' : 'Slave, Running',
      statistics: {
        active_operations: st.activeOperations,
        adaptive_avg_select_time: '0ns',
        connection_pool_empty: 0,
        connections: st.connections,
        failed_auths: st.failedAuths,
        max_connections: st.maxConnections,
        max_pool_size: 0,
        persistent_connections: st.persistentConnections,
        reused_connections: 0,
        routed_packets: st.routedPackets,
        total_connections: st.totalConnections,
      },
      version_string: '10.11.6-MariaDB-log',
    },
    id: server.name,
    links: { self: `${ctx.base}/v1/servers/${server.name}/` },
    relationships: {
      monitors: {
        data: [{ id: 'MariaDB-Monitor', type: 'monitors' }],
        links: { related: `${ctx.base}/v1/monitors/`, self: `${ctx.base}/v1/servers/${server.name}/relationships/monitors/` },
      },
      services: {
        data: services.map((svc) => ({ id: svc.name, type: 'services' })),
        links: { related: `${ctx.base}/v1/services/`, self: `${ctx.base}/v1/servers/${server.name}/relationships/services/` },
      },
    },
    type: 'servers',
  };
}

export function serviceResource(service: SimService, model: SimModel, ctx: RenderContext): Record<string, unknown> {
  let active = 0;
  for (const s of model.sessions()) if (s.service === service.name && isBusy(s, ctx.now)) active++;
  const connections = model.serviceConnections(service.name);
  return {
    attributes: {
      router: service.router,
      state: 'Started',
      statistics: {
        active_operations: active,
        connections,
        max_connections: Math.max(service.maxConnections, connections),
        total_connections: service.totalConnections,
      },
    },
    id: service.name,
    links: { self: `${ctx.base}/v1/services/${service.name}/` },
    relationships: {
      servers: {
        data: service.servers.map((name) => ({ id: name, type: 'servers' })),
        links: { related: `${ctx.base}/v1/servers/`, self: `${ctx.base}/v1/services/${service.name}/relationships/servers/` },
      },
    },
    type: 'services',
  };
}

export function maxscaleResource(startedAt: number, ctx: RenderContext): Record<string, unknown> {
  return {
    attributes: {
      activated_at: httpDate(startedAt),
      commit: 'sesstop-simulator',
      started_at: httpDate(startedAt),
      uptime: Math.max(0, Math.floor((ctx.now - startedAt) / 1000)),
      version: MAXSCALE_VERSION,
    },
    id: 'maxscale',
    links: { self: `${ctx.base}/v1/maxscale/` },
    type: 'maxscale',
  };
}
