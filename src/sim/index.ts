/**
 * A simulated MariaDB MaxScale admin REST server for tests, `sesstop --simulate` and benchmarks.
 *
 * ```ts
 * const sim = await startSimulator({ sessions: 500, seed: 7 });   // manual clock, free port
 * await fetch(`${sim.url}/v1/sessions`, { headers: { authorization: 'Basic ' + btoa('admin:mariadb') } });
 * sim.clock.advance(30);            // 30 simulated seconds: arrivals, bursts, departures
 * sim.model.addSession({ user: '\u001b[31mevil' });   // hostile text is stored verbatim
 * sim.faults.errorRate = 0.5;       // half the answers become 500s
 * await sim.stop(); await sim.restart();   // same port, same model
 * await sim.close();
 * ```
 *
 * Determinism: with the manual clock, the same options and the same sequence of clock steps
 * and requests give byte-identical responses. See model.ts for the behaviour over time,
 * server.ts for how the two dialects share the paths, seed-dialect.ts and v1-dialect.ts for
 * the choices each dialect makes where the specification is silent.
 */
import { createClock, type SimClock } from './clock.js';
import { FaultDice, defaultFaults, type SimFaults } from './faults.js';
import { SimModel } from './model.js';
import { Listener, createRequestHandler, type Credentials, type DialectName } from './server.js';

export { SimModel, idleSeconds, idleTenths, isBusy, stateAt, userAt, RETAINED_QUERIES } from './model.js';
export type { SimSession, SimConnection, SimQuery, SessionInit, ActivityProfile, ServerStatistics } from './model.js';
export type { SimClock, ClockMode } from './clock.js';
export type { SimFaults, RawReply } from './faults.js';
export type { Credentials, DialectName } from './server.js';
export type { SimServer, SimService } from './catalog.js';
export { MAXSCALE_VERSION } from './v1-resources.js';

/** 2024-01-05T07:24:06Z: the manual clock's default "now", so output is reproducible. */
export const DEFAULT_START_TIME = Date.UTC(2024, 0, 5, 7, 24, 6);

export interface SimOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Initial live sessions, default 200. */
  sessions?: number;
  /** Default 1. */
  seed?: number;
  /** 'manual' (default): only clock.advance() moves time. 'wall': real time. */
  clock?: 'manual' | 'wall';
  /** Epoch ms of simulated now at start; default DEFAULT_START_TIME (manual) or Date.now() (wall). */
  startTime?: number;
  /** Default admin/mariadb; false turns auth off. */
  auth?: Credentials | false;
  /** A user that may read but gets 403 on DELETE. */
  readOnlyUser?: Credentials;
  latencyMs?: number;
  errorRate?: number;
  /** Default true: sessions arrive and leave (rate scaled to `sessions`; 0 sessions: none arrive). false keeps the set fixed (benchmarks). */
  churn?: boolean;
  /** Default both. Serving one alone emulates a seed-only or a v1-only server. */
  dialects?: DialectName[];
  /** Number of services, 3–5; default derived from the seed. */
  services?: number;
}

export interface Simulator {
  /** 'http://HOST:PORT' */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly model: SimModel;
  readonly clock: SimClock;
  /** Mutable while running. */
  readonly faults: SimFaults;
  /** Stops listening and drops every connection; the model is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same model. */
  restart(): Promise<void>;
  /** Stops for good. */
  close(): Promise<void>;
  /** Changes the accepted credentials at once (false: no auth). */
  setAuth(auth: Credentials | false): void;
  /** Requests received so far (including failed, faulted and hung ones). */
  readonly requestCount: number;
}

export async function startSimulator(options: SimOptions = {}): Promise<Simulator> {
  const opts = validateOptions(options);
  const model = new SimModel({
    seed: opts.seed,
    startTime: opts.startTime,
    sessions: opts.sessions,
    churn: opts.churn,
    services: opts.services,
  });
  const clock = createClock(opts.clock, model);
  const faults = defaultFaults({ latencyMs: opts.latencyMs, errorRate: opts.errorRate });
  let auth: Credentials | false = opts.auth;
  let requestCount = 0;
  const handler = createRequestHandler({
    model,
    clock,
    faults,
    dice: new FaultDice(opts.seed),
    dialects: new Set(opts.dialects),
    auth: () => auth,
    readOnlyUser: opts.readOnlyUser,
    startedAt: opts.startTime,
    onRequest: () => {
      requestCount++;
    },
  });
  const listener = new Listener(handler);
  const port = await listener.listen(opts.host, opts.port);
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closed = false;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host: opts.host,
    model,
    clock,
    faults,
    stop: () => listener.stop(),
    async restart() {
      if (closed) throw new Error('the simulator was closed; start a new one');
      if (!listener.listening) await listener.listen(opts.host, port);
    },
    async close() {
      closed = true;
      await listener.stop();
    },
    get requestCount() {
      return requestCount;
    },
    setAuth(next) {
      auth = next === false ? false : { user: next.user, password: next.password };
    },
  };
}

interface ResolvedOptions {
  host: string;
  port: number;
  sessions: number;
  seed: number;
  clock: 'manual' | 'wall';
  startTime: number;
  auth: Credentials | false;
  readOnlyUser?: Credentials;
  latencyMs: number;
  errorRate: number;
  churn: boolean;
  dialects: DialectName[];
  services?: number;
}

/** Applies defaults and rejects bad values with one-line messages. */
export function validateOptions(o: SimOptions): ResolvedOptions {
  const clock = o.clock ?? 'manual';
  if (clock !== 'manual' && clock !== 'wall') throw new RangeError(`clock must be 'manual' or 'wall' (got ${String(clock)})`);
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be a whole number 0-65535 (got ${port})`);
  const sessions = o.sessions ?? 200;
  if (!Number.isInteger(sessions) || sessions < 0 || sessions > 1_000_000) {
    throw new RangeError(`sessions must be a whole number 0-1000000 (got ${sessions})`);
  }
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number (got ${seed})`);
  const latencyMs = o.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new RangeError(`latency must be a number of ms >= 0 (got ${latencyMs})`);
  const errorRate = o.errorRate ?? 0;
  if (!(errorRate >= 0 && errorRate <= 1)) throw new RangeError(`error rate must be between 0 and 1 (got ${errorRate})`);
  const startTime = o.startTime ?? (clock === 'wall' ? Date.now() : DEFAULT_START_TIME);
  if (!Number.isFinite(startTime)) throw new RangeError(`startTime must be epoch milliseconds (got ${startTime})`);
  const dialects = o.dialects ?? ['seed', 'v1'];
  if (dialects.length === 0 || dialects.some((d) => d !== 'seed' && d !== 'v1')) {
    throw new RangeError(`dialects must be a non-empty list of 'seed' and 'v1'`);
  }
  if (o.services !== undefined && (!Number.isInteger(o.services) || o.services < 3 || o.services > 5)) {
    throw new RangeError(`services must be 3, 4 or 5 (got ${o.services})`);
  }
  const auth = o.auth === undefined ? { user: 'admin', password: 'mariadb' } : o.auth;
  return {
    host: o.host ?? '127.0.0.1',
    port,
    sessions,
    seed,
    clock,
    startTime,
    auth,
    readOnlyUser: o.readOnlyUser,
    latencyMs,
    errorRate,
    churn: o.churn ?? true,
    dialects,
    services: o.services,
  };
}
