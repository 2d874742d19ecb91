// createClient: one target, one keep-alive connection, dialect detected once and remembered.
import type { Dispatcher } from 'undici';
import type { Dialect } from '../core/model.js';
import { ApiError, type ClientOptions, type SessionList, type SessionsClient } from './types.js';
import { MAX_PAGES, type DialectOps } from './dialect.js';
import { detectDialect } from './detect.js';
import { describeError } from './errors.js';
import { seedDialect } from './seed-dialect.js';
import { parseTarget } from './target.js';
import { createTransport } from './transport.js';
import { v1Dialect } from './v1-dialect.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_PAGE_SIZE = 5000;

/** Tests only: a dispatcher (undici MockAgent) to use instead of a real connection… */
export interface ClientInternals {
  dispatcher?: Dispatcher;
  /** …and a clock (default Date.now): benchmarks move it with a simulator's manual clock… */
  now?: () => number;
  /** …and fewer pages than MAX_PAGES before a list poll gives up. */
  maxPages?: number;
}

/**
 * Withholds a server's error detail that repeats the password. Only the server's words are
 * checked (sesstop's own text may hold the same digits or word: a port, "wrong user or password"),
 * and the whole detail goes, since masking just the password would show where it was.
 */
function redact(e: ApiError, password: string | undefined): ApiError {
  const said = e.serverText;
  if (!password || !said || !said.includes(password) || !e.message.endsWith(said)) return e;
  const message = e.message.slice(0, e.message.length - said.length) + "(the server's message is withheld: it contains the password)";
  return new ApiError(e.kind, e.target, message, e.status);
}

function checkId(target: string, id: number): void {
  if (!Number.isSafeInteger(id) || id < 1) throw new ApiError('not-found', target, `invalid session id ${String(id).slice(0, 20)}: ids are positive integers`);
}

function checkTtl(target: string, ttl: number): void {
  if (!Number.isSafeInteger(ttl) || ttl < 0) throw new ApiError('not-supported', target, `invalid ttl ${String(ttl).slice(0, 20)}: give a whole number of seconds ≥ 0`);
}

/** Throws ApiError synchronously when `options.target` is not a valid target. */
export function createClient(options: ClientOptions, internals: ClientInternals = {}): SessionsClient {
  const target = options.target.trim();
  const parsed = parseTarget(target, options.secure ?? false);
  const now = internals.now ?? Date.now;
  const context = {
    target,
    pageSize: Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE)),
    maxPages: internals.maxPages ?? MAX_PAGES,
    transport: createTransport({
      target,
      origin: parsed.origin,
      basePath: parsed.basePath,
      user: options.user,
      password: options.password,
      tls: options.tls,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      dispatcher: internals.dispatcher,
      now,
    }),
  };
  const build = (dialect: Dialect): DialectOps => (dialect === 'v1' ? v1Dialect(context) : seedDialect(context));
  const choice = options.dialect ?? 'auto';
  let ops: Promise<DialectOps> | null = choice === 'auto' ? null : Promise.resolve(build(choice));
  let listInFlight: Promise<SessionList> | null = null;
  // Read once after detection; forgotten when a poll fails (the server may come back upgraded).
  let version: Promise<string | undefined> | null = null;

  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw redact(describeError(e, target), options.password);
    }
  };

  function dialectOps(): Promise<DialectOps> {
    if (!ops) {
      const detecting = detectDialect(context.transport, target).then(build);
      ops = detecting;
      // A failed detection (target down, wrong password) is retried on the next call.
      detecting.catch(() => {
        if (ops === detecting) ops = null;
      });
    }
    return ops;
  }

  async function list(): Promise<SessionList> {
    const started = performance.now();
    let d: DialectOps;
    let sessions: SessionList['sessions'];
    try {
      d = await dialectOps();
      sessions = await d.listSessions();
    } catch (e) {
      version = null;
      throw e;
    }
    const latencyMs = Math.round(performance.now() - started);
    version ??= d.version();
    const known = await version;
    const result: SessionList = { target, dialect: d.dialect, sessions, latencyMs, fetchedAt: now() };
    if (known !== undefined) result.version = known;
    return result;
  }

  return {
    target,
    detectDialect: () => guard(async () => (await dialectOps()).dialect),
    listSessions() {
      // Never two list polls in flight to one target: a caller arriving late shares the running one.
      if (!listInFlight) {
        const running = guard(list);
        listInFlight = running;
        const clear = () => {
          if (listInFlight === running) listInFlight = null;
        };
        running.then(clear, clear);
      }
      return listInFlight;
    },
    getSession: (id) =>
      guard(async () => {
        checkId(target, id);
        const session = await (await dialectOps()).getSession(id);
        // Whatever is done next with the answer (a close, above all) is done to the session asked for.
        if (session.id !== id) throw new ApiError('bad-response', target, `${target} answered a request for session ${id} with session ${session.id}`);
        return session;
      }),
    getConnections: (id) =>
      guard(async () => {
        checkId(target, id);
        return (await dialectOps()).getConnections(id);
      }),
    closeSession: (id, opts) =>
      guard(async () => {
        checkId(target, id);
        const ttl = opts?.ttl ?? 0;
        checkTtl(target, ttl);
        return (await dialectOps()).closeSession(id, ttl);
      }),
    getServers: () => guard(async () => (await dialectOps()).getServers()),
    lastAnswerAt: () => context.transport.lastAnswerAt(),
    close: () => context.transport.close(),
  };
}
