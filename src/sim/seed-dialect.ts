/**
 * The "seed" dialect: exactly the four endpoints of the seed design.
 *
 *   GET    /sessions                  array of session objects      (fields, range, pretty)
 *   GET    /sessions/:id              one session object            (fields, pretty)
 *   GET    /sessions/:id/connections  array of connection objects   (fields, range, pretty)
 *   DELETE /sessions/:id              204, session and its connections gone
 *
 * Choices the design leaves open (documented here and tested):
 * - Checks run in this order: wrong method → 405 with `Allow`; bad parameter → 400; unknown or
 *   malformed id → 404. Errors carry `{"error","description"}`.
 * - `fields`: comma-separated top-level names; an unknown or empty name → 400. Objects keep the
 *   design's key order whatever order was asked for. Several `fields` parameters are merged.
 * - `range=A-B`: inclusive, zero-based, A <= B, decimal digits only; otherwise 400. Past the end
 *   returns what exists (possibly `[]`). On `GET /sessions/:id` it is not supported → 400.
 * - `pretty`: `true` → 4-space indentation, `false`/absent → compact, anything else → 400.
 * - `user` is `""` while the client is still authenticating (v1 omits it then).
 * - `idle` is seconds rounded down to tenths, the same value v1 sends (both dialects must agree
 *   at the same instant; the design's example happens to be whole).
 * - Unknown query parameters are ignored.
 */
import { idleTenths, stateAt, userAt, type SimConnection, type SimModel, type SimSession } from './model.js';
import { empty, json, parseSessionId, seedError, type Reply, type SimRequest } from './reply.js';
import { asctime, memoBySecond } from './time-format.js';

const connectedAsc = memoBySecond(asctime);

export const SEED_SESSION_FIELDS = ['id', 'state', 'user', 'address', 'service', 'connected', 'idle'] as const;
export const SEED_CONNECTION_FIELDS = ['state', 'role', 'server', 'service', 'statistics'] as const;

type SessionField = (typeof SEED_SESSION_FIELDS)[number];
type ConnectionField = (typeof SEED_CONNECTION_FIELDS)[number];

/** True when `path` is one of the seed design's paths (the seed dialect owns them). */
export function isSeedPath(path: string): boolean {
  return /^\/sessions(\/[^/]+(\/connections)?)?$/.test(path);
}

export function handleSeed(req: SimRequest, model: SimModel): Reply {
  const parts = req.path.split('/').slice(1);
  if (parts.length === 1) {
    if (req.method !== 'GET') return methodNotAllowed('GET');
    return listSessions(req, model);
  }
  if (parts.length === 2) {
    if (req.method === 'GET') return getSession(req, model, parts[1]);
    if (req.method === 'DELETE') return deleteSession(model, parts[1]);
    return methodNotAllowed('GET, DELETE');
  }
  if (req.method !== 'GET') return methodNotAllowed('GET');
  return listConnections(req, model, parts[1]);
}

/** Unknown path outside both dialects. */
export function seedNotFound(path: string): Reply {
  return seedError(404, 'Not Found', `No resource at ${truncate(path)}; the seed API has /sessions, /sessions/:id and /sessions/:id/connections`);
}

function listSessions(req: SimRequest, model: SimModel): Reply {
  const params = commonParams(req, SEED_SESSION_FIELDS, true);
  if ('reply' in params) return params.reply;
  const all = model.sessions();
  const [from, to] = params.range ?? [0, all.length - 1];
  const out: object[] = [];
  for (let i = from; i <= to && i < all.length; i++) out.push(seedSession(all[i], req.now, params.fields));
  return json(200, out, params.pretty);
}

function getSession(req: SimRequest, model: SimModel, idText: string): Reply {
  const params = commonParams(req, SEED_SESSION_FIELDS, false);
  if ('reply' in params) return params.reply;
  const s = lookup(model, idText);
  if (!s) return noSession(idText);
  return json(200, seedSession(s, req.now, params.fields), params.pretty);
}

function listConnections(req: SimRequest, model: SimModel, idText: string): Reply {
  const params = commonParams(req, SEED_CONNECTION_FIELDS, true);
  if ('reply' in params) return params.reply;
  const s = lookup(model, idText);
  if (!s) return noSession(idText);
  const [from, to] = params.range ?? [0, s.connections.length - 1];
  const out = s.connections.slice(from, to + 1).map((c) => seedConnection(c, s, params.fields));
  return json(200, out, params.pretty);
}

function deleteSession(model: SimModel, idText: string): Reply {
  const s = lookup(model, idText);
  if (!s) return noSession(idText);
  model.close(s.id);
  return empty(204);
}

/** The seed session object; `fields` null means all, in the design's key order. */
export function seedSession(s: SimSession, now: number, fields: ReadonlySet<string> | null): Record<string, unknown> {
  // A list poll names every field: one literal, without asking the set seven times a session.
  if (fields === null || fields.size === SEED_SESSION_FIELDS.length) {
    return {
      id: s.id,
      state: stateAt(s, now),
      user: userAt(s, now),
      address: s.address,
      service: servicePath(s.service),
      connected: connectedAsc(s.connectedAt),
      idle: idleTenths(s, now),
    };
  }
  const o: Record<string, unknown> = {};
  const want = (f: SessionField) => fields.has(f);
  if (want('id')) o.id = s.id;
  if (want('state')) o.state = stateAt(s, now);
  if (want('user')) o.user = userAt(s, now);
  if (want('address')) o.address = s.address;
  if (want('service')) o.service = servicePath(s.service);
  if (want('connected')) o.connected = connectedAsc(s.connectedAt);
  if (want('idle')) o.idle = idleTenths(s, now);
  return o;
}

const servicePaths = new Map<string, string>();
/** `/services/<name>`, one string per service rather than one per session per poll. */
function servicePath(name: string): string {
  let path = servicePaths.get(name);
  if (path === undefined) {
    // Services come from the catalog (a handful), but a test may inject any name: stay bounded.
    if (servicePaths.size >= 1000) servicePaths.clear();
    path = `/services/${name}`;
    servicePaths.set(name, path);
  }
  return path;
}

export function seedConnection(c: SimConnection, s: SimSession, fields: ReadonlySet<string> | null): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const want = (f: ConnectionField) => fields === null || fields.has(f);
  if (want('state')) o.state = c.state;
  if (want('role')) o.role = c.role;
  if (want('server')) o.server = `/servers/${c.server}`;
  if (want('service')) o.service = `/services/${s.service}`;
  if (want('statistics')) {
    o.statistics = {
      reads: c.reads,
      writes: c.writes,
      buffered_writes: c.bufferedWrites,
      high_water_events: c.highWaterEvents,
      low_water_events: c.lowWaterEvents,
    };
  }
  return o;
}

interface CommonParams {
  fields: ReadonlySet<string> | null;
  range: [number, number] | null;
  pretty: boolean;
}

function commonParams(req: SimRequest, known: readonly string[], rangeAllowed: boolean): CommonParams | { reply: Reply } {
  let fields: Set<string> | null = null;
  const fieldParams = req.query.getAll('fields');
  if (fieldParams.length > 0) {
    fields = new Set();
    for (const name of fieldParams.join(',').split(',')) {
      if (!known.includes(name)) {
        const what = name === '' ? 'an empty field name' : `unknown field "${truncate(name)}"`;
        return { reply: seedError(400, 'Bad Request', `fields: ${what}; valid fields are ${known.join(', ')}`) };
      }
      fields.add(name);
    }
  }
  let range: [number, number] | null = null;
  const rangeText = req.query.get('range');
  if (rangeText !== null) {
    if (!rangeAllowed) {
      return { reply: seedError(400, 'Bad Request', 'range is supported only on GET /sessions and GET /sessions/:id/connections') };
    }
    const m = /^(\d{1,15})-(\d{1,15})$/.exec(rangeText);
    if (!m || Number(m[1]) > Number(m[2])) {
      return { reply: seedError(400, 'Bad Request', `range: "${truncate(rangeText)}" is not A-B with whole numbers A <= B (e.g. range=0-99)`) };
    }
    range = [Number(m[1]), Number(m[2])];
  }
  const prettyText = req.query.get('pretty');
  if (prettyText !== null && prettyText !== 'true' && prettyText !== 'false') {
    return { reply: seedError(400, 'Bad Request', `pretty: "${truncate(prettyText)}" must be true or false`) };
  }
  return { fields, range, pretty: prettyText === 'true' };
}

function lookup(model: SimModel, idText: string): SimSession | undefined {
  const id = parseSessionId(safeDecode(idText));
  return id === null ? undefined : model.get(id);
}

function noSession(idText: string): Reply {
  const id = safeDecode(idText);
  const description =
    parseSessionId(id) === null
      ? `"${truncate(id)}" is not a session id (a positive whole number)`
      : `No session with id ${id}; it may have closed`;
  return seedError(404, 'Not Found', description);
}

function methodNotAllowed(allow: string): Reply {
  return seedError(405, 'Method Not Allowed', `Use ${allow} on this resource`, { allow });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
