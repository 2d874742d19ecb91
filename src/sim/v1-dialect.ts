/**
 * The "v1" dialect: MaxScale 24.08's JSON:API under `/v1` (the server strips the prefix).
 *
 *   GET    /                      200 `{"links":{"self":…/v1/}}` (health check)
 *   GET    /sessions              list: fields[sessions], filter, page[size]/page[number], pretty
 *   GET    /sessions/:id          one session; unknown or malformed id → 404, empty body
 *   DELETE /sessions/:id[?ttl=N]  200, empty body; ttl>0 closes after N simulated seconds
 *   GET    /servers[/:id]         servers; attributes.statistics derived from the live sessions
 *   GET    /services[/:id]        services
 *   GET    /maxscale              version 24.08.x
 * Trailing slashes are accepted everywhere.
 *
 * Choices (documented and tested):
 * - `pretty` defaults to true; only `pretty=false` compacts.
 * - Unknown names in `fields[…]` are ignored (MaxScale does not reject them); an empty value
 *   gives empty attributes. Relationships appear only when named (`services`).
 * - `filter` applies before paging; `meta.total` counts the filtered set. A filter without
 *   `=`, not starting with `/`, or with a non-JSON value → 400.
 * - `page[size]` must be a whole number >= 1, `page[number]` >= 0, else 400; `page[number]`
 *   without `page[size]` is ignored. Paging links carry only the page parameters.
 * - `ttl` must be a whole number of seconds; anything else → 400. `ttl=0` closes now.
 * - Unknown paths → 404 with `{"errors":[…]}`; wrong method → 405 with `Allow`.
 */
import type { SimModel } from './model.js';
import { empty, json, parseSessionId, v1Error, type Reply, type SimRequest } from './reply.js';
import { jsonEqual, parseFieldTree, parseFilter, pickTree, resolvePointer, type FieldTree, type Filter } from './v1-sparse.js';
import {
  maxscaleResource,
  serverResource,
  serviceResource,
  sessionPointer,
  sessionPlan,
  sessionResource,
  type RenderContext,
} from './v1-resources.js';

export interface V1Options {
  /** When the simulated MaxScale started (for /maxscale). */
  startedAt: number;
}

/** `req.path` has the `/v1` prefix already removed. */
export function handleV1(req: SimRequest, model: SimModel, opts: V1Options): Reply {
  const trimmed = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
  const parts = trimmed === '' || trimmed === '/' ? [] : trimmed.split('/').slice(1);
  const ctx: RenderContext = { now: req.now, base: req.base };
  const pretty = req.query.get('pretty') !== 'false';
  const [resource, id, extra] = parts;

  if (parts.length === 0) {
    return req.method === 'GET' ? json(200, { links: { self: `${ctx.base}/v1/` } }, pretty) : methodNotAllowed('GET');
  }
  if (extra !== undefined) return notFound(req.path);

  switch (resource) {
    case 'sessions':
      if (id === undefined) return req.method === 'GET' ? listSessions(req, model, ctx, pretty) : methodNotAllowed('GET');
      if (req.method === 'GET') return getSession(req, model, ctx, id, pretty);
      if (req.method === 'DELETE') return deleteSession(req, model, id);
      return methodNotAllowed('GET, DELETE');
    case 'servers':
    case 'services': {
      if (req.method !== 'GET') return methodNotAllowed('GET');
      const all =
        resource === 'servers'
          ? model.servers().map((s) => serverResource(s, model, ctx))
          : model.services().map((s) => serviceResource(s, model, ctx));
      return id === undefined
        ? listResources(req, all, resource, ctx, pretty)
        : getResource(req, all, resource, decode(id), ctx, pretty);
    }
    case 'maxscale':
      if (id !== undefined) return notFound(req.path);
      if (req.method !== 'GET') return methodNotAllowed('GET');
      return json(200, { data: maxscaleResource(opts.startedAt, ctx), links: { self: `${ctx.base}/v1/maxscale/` } }, pretty);
    default:
      return notFound(req.path);
  }
}

function listSessions(req: SimRequest, model: SimModel, ctx: RenderContext, pretty: boolean): Reply {
  const parsed = listParams(req, 'sessions');
  if ('reply' in parsed) return parsed.reply;
  let items = model.sessions();
  if (parsed.filter) {
    const f = parsed.filter;
    items = items.filter((s) => jsonEqual(sessionPointer(s, ctx, f.pointer), f.value));
  }
  const page = paginate(items.length, parsed, `${ctx.base}/v1/sessions/`);
  const slice = page ? items.slice(page.from, page.to) : items;
  const plan = sessionPlan(parsed.fields);
  const data = new Array(slice.length);
  for (let i = 0; i < slice.length; i++) data[i] = sessionResource(slice[i], ctx, plan);
  return json(200, listBody(data, `${ctx.base}/v1/sessions/`, page), pretty);
}

function getSession(req: SimRequest, model: SimModel, ctx: RenderContext, idText: string, pretty: boolean): Reply {
  const id = parseSessionId(decode(idText));
  const s = id === null ? undefined : model.get(id);
  if (!s) return empty(404);
  const fields = parseFieldTree(req.query.get('fields[sessions]'));
  return json(200, { data: sessionResource(s, ctx, sessionPlan(fields)), links: { self: `${ctx.base}/v1/sessions/${s.id}/` } }, pretty);
}

function deleteSession(req: SimRequest, model: SimModel, idText: string): Reply {
  const ttlText = req.query.get('ttl');
  let ttl = 0;
  if (ttlText !== null) {
    if (!/^\d{1,9}$/.test(ttlText)) return v1Error(400, `Invalid value for 'ttl': "${short(ttlText)}" is not a whole number of seconds`);
    ttl = Number(ttlText);
  }
  const id = parseSessionId(decode(idText));
  if (id === null || !model.scheduleClose(id, ttl)) return empty(404);
  return empty(200);
}

function listResources(req: SimRequest, all: Record<string, unknown>[], type: string, ctx: RenderContext, pretty: boolean): Reply {
  const parsed = listParams(req, type);
  if ('reply' in parsed) return parsed.reply;
  const f = parsed.filter;
  const items = f ? all.filter((r) => jsonEqual(resolvePointer(r, f.pointer), f.value)) : all;
  const self = `${ctx.base}/v1/${type}/`;
  const page = paginate(items.length, parsed, self);
  const slice = page ? items.slice(page.from, page.to) : items;
  return json(200, listBody(slice.map((r) => project(r, parsed.fields)), self, page), pretty);
}

function getResource(req: SimRequest, all: Record<string, unknown>[], type: string, id: string, ctx: RenderContext, pretty: boolean): Reply {
  const r = all.find((x) => x.id === id);
  if (!r) return v1Error(404, `No ${type.slice(0, -1)} named "${short(id)}"`);
  const fields = parseFieldTree(req.query.get(`fields[${type}]`));
  return json(200, { data: project(r, fields), links: { self: `${ctx.base}/v1/${type}/${id}/` } }, pretty);
}

/** Sparse fieldset over a fully built resource. */
function project(resource: Record<string, unknown>, fields: FieldTree | null): Record<string, unknown> {
  if (fields === null) return resource;
  const out: Record<string, unknown> = {};
  out.attributes = pickTree(resource.attributes, fields) ?? {};
  out.id = resource.id;
  out.links = resource.links;
  const rel = pickTree(resource.relationships, fields);
  if (rel !== undefined) out.relationships = rel;
  out.type = resource.type;
  return out;
}

interface ListParams {
  fields: FieldTree | null;
  filter: Filter | null;
  size: number | null;
  number: number;
}

function listParams(req: SimRequest, type: string): ListParams | { reply: Reply } {
  let filter: Filter | null = null;
  const filterText = req.query.get('filter');
  if (filterText !== null) {
    try {
      filter = parseFilter(filterText);
    } catch (e) {
      return { reply: v1Error(400, (e as Error).message) };
    }
  }
  const sizeText = req.query.get('page[size]');
  const numberText = req.query.get('page[number]');
  let size: number | null = null;
  let number = 0;
  if (sizeText !== null) {
    if (!/^\d{1,9}$/.test(sizeText) || Number(sizeText) < 1) {
      return { reply: v1Error(400, `Invalid value for 'page[size]': "${short(sizeText)}" (a whole number >= 1)`) };
    }
    size = Number(sizeText);
    if (numberText !== null) {
      if (!/^\d{1,9}$/.test(numberText)) {
        return { reply: v1Error(400, `Invalid value for 'page[number]': "${short(numberText)}" (a whole number >= 0)`) };
      }
      number = Number(numberText);
    }
  }
  return { fields: parseFieldTree(req.query.get(`fields[${type}]`)), filter, size, number };
}

interface Page {
  from: number;
  to: number;
  total: number;
  links: Record<string, string>;
}

function paginate(total: number, p: ListParams, self: string): Page | null {
  if (p.size === null) return null;
  const size = p.size;
  const last = Math.max(0, Math.ceil(total / size) - 1);
  const link = (n: number) => `${self}?page[size]=${size}&page[number]=${n}`;
  const links: Record<string, string> = { first: link(0), last: link(last) };
  if (p.number < last) links.next = link(p.number + 1);
  if (p.number > 0) links.prev = link(Math.min(p.number - 1, last));
  links.self = link(p.number);
  // As MaxScale's HttpResponse::paginate: a list that fits one page is not cut at all, so every
  // page number answers with all of it (and meta.total, and the links).
  if (total <= size) return { from: 0, to: total, total, links };
  const from = Math.min(total, p.number * size);
  return { from, to: Math.min(total, from + size), total, links };
}

function listBody(data: unknown[], self: string, page: Page | null): Record<string, unknown> {
  if (!page) return { data, links: { self } };
  return { data, links: page.links, meta: { total: page.total } };
}

function notFound(path: string): Reply {
  return v1Error(404, `No resource at /v1${short(path)}`);
}

function methodNotAllowed(allow: string): Reply {
  return v1Error(405, `Method not allowed; use ${allow}`, { allow });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
