/**
 * The HTTP side of the simulator: auth, fault injection, and routing between the dialects.
 *
 * Path ownership (the two dialects would otherwise collide on `/sessions`):
 * - `/v1` and `/v1/...` are always v1.
 * - The seed design's exact paths — `/sessions`, `/sessions/:id`, `/sessions/:id/connections`
 *   (no trailing slash) — belong to the seed dialect while it is enabled.
 * - v1's optional-prefix forms are served where the seed does not own the path: `/sessions/`,
 *   `/sessions/:id/` (trailing slash), `/servers…`, `/services…`, `/maxscale`. Any other path
 *   (e.g. `/sessions/1/connections/`) gets the seed's 404. With the seed dialect disabled
 *   (`dialects: ['v1']`) v1 serves all prefix-less forms, like a real MaxScale.
 * - With v1 disabled (`dialects: ['seed']`) `/v1/...` answers 404 like a seed-only server.
 *
 * Auth runs before routing, as in MaxScale: a bad or missing Basic credential → 401 with
 * `WWW-Authenticate: Basic realm="maxscale"` and `{"errors":[{"detail":"Access denied"}]}` in both
 * dialects; the read-only user gets 403 `Administrative access required` on anything but GET/HEAD.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SimClock } from './clock.js';
import { FaultDice, rawReplyMatches, type SimFaults } from './faults.js';
import type { SimModel } from './model.js';
import { seedError, v1Error, type Reply, type SimRequest } from './reply.js';
import { handleSeed, isSeedPath, seedNotFound } from './seed-dialect.js';
import { handleV1 } from './v1-dialect.js';

export type DialectName = 'seed' | 'v1';

export interface Credentials {
  user: string;
  password: string;
}

export interface ServerConfig {
  model: SimModel;
  clock: SimClock;
  faults: SimFaults;
  dice: FaultDice;
  dialects: ReadonlySet<DialectName>;
  /** Read at every request so `setAuth` takes effect at once. */
  auth: () => Credentials | false;
  readOnlyUser?: Credentials;
  startedAt: number;
  /** Called once per request received, before faults apply (for Simulator.requestCount). */
  onRequest?: () => void;
}

/** Answers one request after auth (pure apart from DELETE changing the model); `faults` only for rawReply and firstPageOnly. */
export function route(cfg: ServerConfig, req: SimRequest, authorization: string | undefined, faults?: SimFaults): Reply {
  const auth = cfg.auth();
  if (auth) {
    const who = credentialsOf(authorization);
    const admin = who !== null && who.user === auth.user && who.password === auth.password;
    const readOnly =
      !admin && who !== null && cfg.readOnlyUser !== undefined &&
      who.user === cfg.readOnlyUser.user && who.password === cfg.readOnlyUser.password;
    if (!admin && !readOnly) return v1Error(401, 'Access denied', { 'www-authenticate': 'Basic realm="maxscale"' });
    if (readOnly && req.method !== 'GET' && req.method !== 'HEAD') return v1Error(403, 'Administrative access required');
  }
  const path = req.path;
  const raw = faults?.rawReply;
  if (raw && rawReplyMatches(raw, req.method, path)) {
    return { status: raw.status, body: raw.body, headers: { 'content-type': raw.contentType ?? 'application/json' } };
  }
  const owner = ownerOf(path, cfg.dialects);
  const served = faults?.firstPageOnly && req.method === 'GET' ? firstPageOf(req) : req;
  if (owner === 'v1') {
    const v1Path = path === '/v1' || path.startsWith('/v1/') ? path.slice(3) : path;
    return handleV1({ ...served, path: v1Path }, cfg.model, { startedAt: cfg.startedAt });
  }
  if (owner === 'seed') return handleSeed(served, cfg.model);
  return cfg.dialects.has('seed') ? seedNotFound(path) : v1Error(404, `No resource at ${path.slice(0, 80)}`);
}

/** The request for the first page instead of the one asked for (the firstPageOnly fault). */
function firstPageOf(req: SimRequest): SimRequest {
  const query = new URLSearchParams(req.query);
  const range = /^(\d+)-(\d+)$/.exec(query.get('range') ?? '');
  if (range && Number(range[1]) <= Number(range[2])) query.set('range', `0-${Number(range[2]) - Number(range[1])}`);
  if (query.has('page[number]')) query.set('page[number]', '0');
  return { ...req, query };
}

/** Which dialect answers a path; null when neither has it (a 404 in the seed's shape if enabled). */
function ownerOf(path: string, dialects: ReadonlySet<DialectName>): DialectName | null {
  if (path === '/v1' || path.startsWith('/v1/')) return dialects.has('v1') ? 'v1' : null;
  if (dialects.has('seed') && isSeedPath(path)) return 'seed';
  if (dialects.has('v1') && (!dialects.has('seed') || V1_ROOTS.test(path))) return 'v1';
  return null;
}

/** Prefix-less v1 forms served beside the seed dialect: the paths the seed does not own. */
const V1_ROOTS = /^\/(sessions\/([^/]+\/)?$|servers(\/|$)|services(\/|$)|maxscale(\/|$))/;

/** `Basic base64(user:password)` → credentials; null when absent or malformed. */
export function credentialsOf(header: string | undefined): Credentials | null {
  if (!header) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function createRequestHandler(cfg: ServerConfig): http.RequestListener {
  return (req, res) => {
    req.resume(); // bodies are not used; drain them so keep-alive works
    cfg.onRequest?.();
    const faults = cfg.faults;
    if (faults.hang) return; // never answer; stop()/close() destroy the socket
    const decision = cfg.dice.roll(faults);
    const answer = () => {
      if (res.destroyed) return;
      if (faults.htmlPage) {
        return write(res, { status: 200, body: HTML_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } }, decision.drop);
      }
      const path = pathOf(req);
      let reply: Reply;
      if (decision.error) {
        reply = internalError(path, cfg, 'Simulated internal error (fault injection)');
      } else {
        try {
          reply = route(cfg, toSimRequest(req, cfg), req.headers.authorization, faults);
        } catch (e) {
          // A simulator bug must not take the server down: answer 500 and keep serving.
          reply = internalError(path, cfg, `Simulator error: ${(e as Error).message}`);
        }
      }
      if (faults.padBytes > 0 && reply.body !== '') reply = { ...reply, body: reply.body + ' '.repeat(faults.padBytes) };
      if (decision.malformed && reply.body !== '') reply = { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
      write(res, reply, decision.drop);
    };
    const slow = faults.slowPath && pathOf(req).startsWith(faults.slowPath.pathPrefix) ? faults.slowPath.delayMs : 0;
    const delay = faults.latencyMs + slow;
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  };
}

function internalError(path: string, cfg: ServerConfig, detail: string): Reply {
  return ownerOf(path, cfg.dialects) === 'v1' ? v1Error(500, detail) : seedError(500, 'Internal Server Error', detail);
}

/** The request target as origin-form (absolute-form, as sent to proxies, is reduced to it). */
function targetOf(req: http.IncomingMessage): string {
  const raw = req.url ?? '/';
  return /^https?:\/\//i.test(raw) ? raw.replace(/^https?:\/\/[^/?]*/i, '') || '/' : raw;
}

function pathOf(req: http.IncomingMessage): string {
  const target = targetOf(req);
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

function toSimRequest(req: http.IncomingMessage, cfg: ServerConfig): SimRequest {
  const target = targetOf(req);
  const q = target.indexOf('?');
  const path = pathOf(req);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const host = req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`;
  cfg.clock.sync();
  // HEAD is answered as GET; node sends the headers (with the GET's length) and no body.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  return { method, path, query, base: `http://${host}`, now: cfg.clock.now() };
}

function write(res: http.ServerResponse, reply: Reply, drop: boolean): void {
  const body = Buffer.from(reply.body, 'utf8');
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = body.length;
  res.writeHead(reply.status, headers);
  if (drop) {
    // Promise the whole body, send half of it, then cut the connection.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    res.socket?.uncork?.();
    if (body.length < 2) res.socket?.destroy();
    return;
  }
  res.end(reply.status === 204 ? undefined : body);
}

const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n';

/** An http.Server that tracks its sockets so stop() can close every connection at once. */
export class Listener {
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly handler: http.RequestListener) {}

  async listen(host: string, port: number): Promise<number> {
    const server = http.createServer({ keepAliveTimeout: 5000 }, this.handler);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        reject(listenError(err, host, port));
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE') return new Error(`port ${port} on ${host} is already in use; choose another port (0 picks a free one)`);
  if (err.code === 'EACCES') return new Error(`not allowed to listen on ${host}:${port}; use a port above 1023`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return new Error(`cannot listen on ${host}: no such local address`);
  return new Error(`cannot listen on ${host}:${port}: ${err.message}`);
}
