/**
 * The live model of a simulated MaxScale: services, servers, client sessions and their backend
 * connections, evolving over simulated time. Both REST dialects render from this one model, so
 * they always agree.
 *
 * Behaviour over time (all draws from seeded Rngs, never Math.random):
 * - Sessions arrive as a Poisson process, sometimes in clusters (a pool warming up), and leave
 *   after a lifetime drawn from a mixture of exponentials (seconds … days). The initial population
 *   is drawn from the same mixture's equilibrium, so the count stays near `sessions` over time.
 * - Each session has an activity profile (chatty … dormant). It works in bursts: a statement is
 *   received, the session is busy (idle 0) until it completes, backend counters grow; then it sits
 *   idle for a gap with a long tail (some for hours). About 1.5% of statements run long.
 * - Every session has its own Rng (derived from the seed and its id), so one session's fate does
 *   not shift the random stream of any other: closing session 7 does not change session 8.
 * - Ids start at 1, only increase, and are never reused; a closed session never reappears.
 *   Counters (reads, writes, buffered_writes, high/low_water_events, io_activity, server totals)
 *   never decrease.
 *
 * Time is epoch milliseconds. `step(seconds)` is the only way time moves (the clock calls it).
 * Values that depend on "now" (idle, busy, query completion) are derived when rendered, from
 * `busyUntil` and the query timestamps, so a step only touches sessions that have events.
 *
 * Test hooks: `addSession(init)` injects a session with verbatim (possibly hostile) text; by
 * default it never works and never leaves on its own, so tests can rely on it.
 *
 * API (all synchronous):
 *   now()                      simulated now, epoch ms
 *   sessions()                 live sessions in id order (cached array: do not mutate)
 *   get(id) / size             one live session / how many
 *   close(id) → boolean        closes now (false: not live)
 *   scheduleClose(id, ttl)     closes after ttl simulated seconds (<= 0: now)
 *   addSession(init?)          injects a session, returns it (id = next id)
 *   step(seconds)              advances time (the clock calls this)
 *   services() / servers()     the cluster layout; serverStatistics(name), serviceConnections(name)
 *   peekNextId / closedCount   bookkeeping for invariant tests
 * Render helpers: idleSeconds(s, now), idleTenths(s, now), isBusy(s, now), stateAt, userAt.
 */
import {
  ADDRESS_PREFIXES,
  CLIENT_PROFILES,
  LONG_STATEMENTS,
  STATEMENTS,
  USERS,
  makeServers,
  makeServices,
  type ClientProfile,
  type SimServer,
  type SimService,
  type StatementTemplate,
} from './catalog.js';
import { EventQueue } from './event-queue.js';
import { Rng, mixSeed } from './rng.js';

/** How many recent statements a session keeps (MaxScale's `retain_last_statements`). */
export const RETAINED_QUERIES = 5;
/** State text while running normally (MaxScale 24.x). */
export const STATE_STARTED = 'Session started';
/** State text while the client is still authenticating. */
export const STATE_CREATED = 'Session created';

export type ActivityProfile = 'chatty' | 'steady' | 'sleepy' | 'dormant';

export interface SimConnection {
  server: string;
  /** Backend thread id (`connection_id` in v1). */
  connectionId: number;
  role: string;
  state: string;
  cipher: string;
  reads: number;
  writes: number;
  bufferedWrites: number;
  highWaterEvents: number;
  lowWaterEvents: number;
}

export interface SimQuery {
  statement: string;
  command: string;
  receivedAt: number;
  /** When it completes; it is "running" while now < completedAt. */
  completedAt: number;
  /** The server that answered. */
  server: string;
}

export interface SimSession {
  readonly id: number;
  user: string;
  address: string;
  port: number;
  /** Service name (not path). */
  service: string;
  /** Stored verbatim; rendered as `Session created` while `now < authUntil`. */
  state: string;
  connectedAt: number;
  authUntil: number;
  /** End of the latest burst of work: busy (idle 0) before it, idle seconds count from it. */
  busyUntil: number;
  connections: SimConnection[];
  /** Newest first, at most RETAINED_QUERIES (injected sessions may hold more). */
  queries: SimQuery[];
  ioActivity: number;
  thread: number;
  cipher: string;
  /** Generated client program, or null when `clientAttributes` was injected. */
  client: ClientProfile | null;
  clientPid: number;
  /** Injected `connection_attributes` (verbatim); undefined → derived from `client`. */
  clientAttributes?: Record<string, string> | null;
  /** Size of the client read buffer in bytes (memory accounting). */
  readBuffer: number;
  sescmdHistory: number;
  /** Pending close requested with `?ttl=N`. */
  closeAt: number | null;
  departAt: number | null;
  activity: ActivityProfile | null;
  readonly rng: Rng;
}

/** What `addSession` accepts; every text is stored verbatim. */
export interface SessionInit {
  user?: string;
  address?: string;
  port?: number;
  service?: string;
  state?: string;
  /** Epoch ms; default now. */
  connectedAt?: number;
  /** Seconds idle right now (default 0). Ignored when busyForSeconds > 0. */
  idleSeconds?: number;
  /** Busy (idle 0) for this many more seconds. */
  busyForSeconds?: number;
  /** Statements, newest first. The first one is running when busyForSeconds > 0. */
  queries?: string[];
  clientAttributes?: Record<string, string> | null;
  /** Backend servers (names, verbatim); default: the service's layout, or db-serv-01. */
  servers?: string[];
  /** null (default): never works on its own. */
  activity?: ActivityProfile | null;
  /** Leaves on its own after this many seconds; null (default): stays until closed. */
  lifetimeSeconds?: number | null;
}

export interface SimModelOptions {
  seed: number;
  startTime: number;
  sessions: number;
  churn: boolean;
  /** 3–5; default derived from the seed. */
  services?: number;
}

export interface ServerStatistics {
  connections: number;
  maxConnections: number;
  totalConnections: number;
  activeOperations: number;
  failedAuths: number;
  persistentConnections: number;
  routedPackets: number;
}

// Lifetime mixture (weight, mean seconds): many short, a long tail of pooled connections.
const LIFETIMES: readonly (readonly [number, number])[] = [
  [0.8, 20],
  [0.14, 1200],
  [0.05, 4 * 3600],
  [0.01, 24 * 3600],
];
// Equilibrium weights: a session alive now belongs to component i with probability ∝ w·mean.
const LIFETIMES_ALIVE = LIFETIMES.map(([w, m]) => [m, w * m] as const);
const LIFETIMES_NEW = LIFETIMES.map(([w, m]) => [m, w] as const);
const MEAN_LIFETIME_S = LIFETIMES.reduce((a, [w, m]) => a + w * m, 0);
const CLUSTER_P = 0.15;
const MEAN_CLUSTER = 1 - CLUSTER_P + CLUSTER_P * 5; // clusters of 2–8

const PROFILES: readonly (readonly [ActivityProfile, number])[] = [
  ['chatty', 0.3],
  ['steady', 0.35],
  ['sleepy', 0.25],
  ['dormant', 0.1],
];
/** Mean idle gap between bursts, seconds. */
const GAP_MEAN_S: Record<ActivityProfile, number> = {
  chatty: 8,
  steady: 45,
  sleepy: 25 * 60,
  dormant: 5 * 3600,
};

export class SimModel {
  private nowMs: number;
  private nextId = 1;
  private readonly live = new Map<number, SimSession>();
  private ordered: SimSession[] | null = null;
  private readonly events = new EventQueue();
  private readonly rng: Rng;
  private readonly seed: number;
  private readonly churn: boolean;
  private readonly targetSessions: number;
  private nextArrivalAt = Infinity;
  private readonly appAddresses: string[] = [];
  private readonly serverList: SimServer[];
  private readonly serverByName = new Map<string, SimServer>();
  private readonly serviceList: SimService[];
  private readonly serviceByName = new Map<string, SimService>();
  private closedTotal = 0;
  /** Live counts kept incrementally so admitting a session stays O(1). */
  private readonly liveByService = new Map<string, number>();
  private readonly liveByServer = new Map<string, number>();

  constructor(opts: SimModelOptions) {
    this.seed = opts.seed | 0;
    this.rng = new Rng(mixSeed(this.seed, 0x5e55));
    this.nowMs = opts.startTime;
    this.churn = opts.churn;
    this.targetSessions = opts.sessions;
    this.serverList = makeServers();
    for (const s of this.serverList) this.serverByName.set(s.name, s);
    this.serviceList = makeServices(opts.services ?? this.rng.int(3, 5));
    for (const s of this.serviceList) this.serviceByName.set(s.name, s);
    for (let i = 0; i < 24; i++) {
      this.appAddresses.push(this.rng.pick(ADDRESS_PREFIXES) + this.rng.int(1, 254));
    }
    this.populate(opts.sessions);
    if (this.churn && opts.sessions > 0) this.scheduleArrival();
  }

  /** Simulated now, epoch ms. */
  now(): number {
    return this.nowMs;
  }

  /** Live sessions in id order (cached; do not mutate the array). */
  sessions(): readonly SimSession[] {
    if (!this.ordered) this.ordered = Array.from(this.live.values());
    return this.ordered;
  }

  get size(): number {
    return this.live.size;
  }

  get(id: number): SimSession | undefined {
    return this.live.get(id);
  }

  /** The id the next session will get (ids below it were used, live or closed). */
  get peekNextId(): number {
    return this.nextId;
  }

  /** Sessions closed so far (by request, ttl or departure). */
  get closedCount(): number {
    return this.closedTotal;
  }

  services(): readonly SimService[] {
    return this.serviceList;
  }

  servers(): readonly SimServer[] {
    return this.serverList;
  }

  service(name: string): SimService | undefined {
    return this.serviceByName.get(name);
  }

  server(name: string): SimServer | undefined {
    return this.serverByName.get(name);
  }

  /** Closes a session and all its backend connections now. False if it is not live. */
  close(id: number): boolean {
    const s = this.live.get(id);
    if (!s) return false;
    this.live.delete(id);
    this.ordered = null;
    this.closedTotal++;
    this.count(this.liveByService, s.service, -1);
    for (const c of s.connections) this.count(this.liveByServer, c.server, -1);
    return true;
  }

  /** Closes after `ttlSeconds` of simulated time (0 or less: now). False if not live. */
  scheduleClose(id: number, ttlSeconds: number): boolean {
    const s = this.live.get(id);
    if (!s) return false;
    if (!(ttlSeconds > 0)) return this.close(id);
    const at = this.nowMs + ttlSeconds * 1000;
    if (s.closeAt === null || at < s.closeAt) {
      s.closeAt = at;
      this.events.push(at, 'ttl', id);
    }
    return true;
  }

  /** Injects a session (tests, hostile text). Text fields are stored verbatim. */
  addSession(init: SessionInit = {}): SimSession {
    const id = this.nextId++;
    const now = this.nowMs;
    const rng = new Rng(mixSeed(this.seed, id));
    const serviceName = init.service ?? this.serviceList[0].name;
    const busyMs = Math.max(0, (init.busyForSeconds ?? 0) * 1000);
    const busyUntil = busyMs > 0 ? now + busyMs : now - Math.max(0, init.idleSeconds ?? 0) * 1000;
    const serverNames = init.servers ?? this.serviceByName.get(serviceName)?.servers ?? ['db-serv-01'];
    const s: SimSession = {
      id,
      user: init.user ?? 'app',
      address: init.address ?? '192.0.2.10',
      port: init.port ?? 40000 + (id % 20000),
      service: serviceName,
      state: init.state ?? STATE_STARTED,
      connectedAt: init.connectedAt ?? Math.min(now, busyUntil),
      authUntil: -Infinity,
      busyUntil,
      connections: serverNames.map((name) => this.openConnection(name)),
      queries: [],
      ioActivity: 0,
      thread: id % 8,
      cipher: '',
      client: init.clientAttributes === undefined ? CLIENT_PROFILES[0] : null,
      clientPid: 1000 + id,
      clientAttributes: init.clientAttributes,
      readBuffer: 16384,
      sescmdHistory: 1,
      closeAt: null,
      departAt: null,
      activity: init.activity ?? null,
      rng,
    };
    const server = s.connections[0]?.server ?? '';
    // A busy session's first statement is the running one; the others completed a second apart.
    const lastDone = busyMs > 0 ? now - 1000 : busyUntil;
    const doneOffset = busyMs > 0 ? 1 : 0;
    (init.queries ?? []).forEach((statement, i) => {
      const running = i === 0 && busyMs > 0;
      const completedAt = running ? busyUntil : lastDone - (i - doneOffset) * 1000;
      s.queries.push({
        statement,
        command: 'COM_QUERY',
        receivedAt: running ? now : completedAt - 5,
        completedAt,
        server,
      });
    });
    this.admit(s);
    if (init.lifetimeSeconds != null) this.setDeparture(s, now + init.lifetimeSeconds * 1000);
    if (s.activity) this.events.push(this.later(now, rng.exp(GAP_MEAN_S[s.activity] * 1000)), 'burst', id);
    return s;
  }

  /** Advances simulated time, processing arrivals, bursts, departures and ttl closes in order. */
  step(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`step: seconds must be a finite number >= 0 (got ${seconds})`);
    }
    const target = this.nowMs + seconds * 1000;
    for (;;) {
      const ev = this.events.peek();
      const evAt = ev ? ev.at : Infinity;
      const next = Math.min(evAt, this.nextArrivalAt);
      if (next > target) break;
      this.nowMs = Math.max(this.nowMs, next);
      if (this.nextArrivalAt <= evAt) {
        this.arrive();
        continue;
      }
      this.events.pop();
      const s = this.live.get(ev!.sessionId);
      if (!s) continue;
      if (ev!.kind === 'burst') this.burst(s);
      else if (ev!.kind === 'depart' && s.departAt === ev!.at) this.close(s.id);
      else if (ev!.kind === 'ttl' && s.closeAt === ev!.at) this.close(s.id);
    }
    this.nowMs = target;
  }

  /** Per-server statistics derived from the live sessions (consistent with them by construction). */
  serverStatistics(name: string): ServerStatistics | undefined {
    const server = this.serverByName.get(name);
    if (!server) return undefined;
    let connections = 0;
    let active = 0;
    for (const s of this.live.values()) {
      for (const c of s.connections) {
        if (c.server !== name) continue;
        connections++;
        if (isBusy(s, this.nowMs)) active++;
      }
    }
    return {
      connections,
      maxConnections: Math.max(server.maxConnections, connections),
      totalConnections: server.totalConnections,
      activeOperations: active,
      failedAuths: server.failedAuths,
      persistentConnections: 0,
      routedPackets: server.routedPackets,
    };
  }

  /** Live sessions on a service. */
  serviceConnections(name: string): number {
    return this.liveByService.get(name) ?? 0;
  }

  // ---- population -------------------------------------------------------------------------

  private populate(count: number): void {
    const now = this.nowMs;
    // Draw every session's age first, then give ids oldest-first so ids increase with
    // connection time, as on a real server.
    const drafts: { age: number; mean: number; rng: Rng }[] = [];
    for (let i = 0; i < count; i++) {
      const rng = new Rng(mixSeed(this.seed, i + 1));
      const mean = rng.weighted(LIFETIMES_ALIVE);
      drafts.push({ age: Math.round(rng.exp(mean * 1000)) + 1000, mean, rng });
    }
    drafts.sort((a, b) => b.age - a.age);
    for (const d of drafts) {
      const s = this.generate(now - d.age, d.rng);
      // Residual lifetime: exponential components are memoryless.
      if (this.churn) this.setDeparture(s, this.later(now, d.rng.exp(d.mean * 1000)));
      this.seedHistory(s, now);
      this.admit(s);
    }
    // Ids above were taken in order of the sorted drafts; nothing else to do.
  }

  /** A generated session, connected at `connectedAt`, not yet admitted. */
  private generate(connectedAt: number, rng: Rng): SimSession {
    const id = this.nextId++;
    const service = rng.weighted(this.serviceList.map((s) => [s, s.weight] as const));
    const activity = rng.weighted(PROFILES);
    const client = rng.pick(CLIENT_PROFILES);
    const address = rng.chance(0.75) ? rng.pick(this.appAddresses) : rng.pick(ADDRESS_PREFIXES) + rng.int(1, 254);
    const authUntil = connectedAt + rng.int(5, 400);
    return {
      id,
      user: rng.weighted(USERS),
      address,
      port: rng.int(32768, 60999),
      service: service.name,
      state: STATE_STARTED,
      connectedAt,
      authUntil,
      busyUntil: authUntil,
      connections: this.pickServers(service, rng).map((name) => this.openConnection(name)),
      queries: [],
      ioActivity: 0,
      thread: rng.int(0, 7),
      cipher: rng.chance(0.3) ? 'TLS_AES_256_GCM_SHA384' : '',
      client,
      clientPid: rng.int(1000, 999999),
      readBuffer: rng.chance(0.5) ? 16384 : 65536,
      sescmdHistory: rng.int(0, 6),
      closeAt: null,
      departAt: null,
      activity,
      rng,
    };
  }

  /** Gives an initial session a plausible past: counters, last statements, current idle. */
  private seedHistory(s: SimSession, now: number): void {
    const rng = s.rng;
    const profile = s.activity!;
    const gapMs = GAP_MEAN_S[profile] * 1000;
    const age = now - s.authUntil;
    const pastBursts = Math.min(50_000, Math.floor(age / gapMs));
    for (const c of s.connections) {
      c.reads = pastBursts * rng.int(1, 12);
      c.writes = pastBursts + rng.int(0, pastBursts);
      c.bufferedWrites = rng.chance(0.2) ? rng.int(1, 40) : 0;
      c.highWaterEvents = rng.chance(0.03) ? rng.int(1, 3) : 0;
      c.lowWaterEvents = c.highWaterEvents;
      s.ioActivity += c.reads + c.writes;
    }
    // About 8% are busy right now; some of those run a long statement (the ones a DBA hunts).
    let running: SimQuery | null = null;
    if (rng.chance(0.08)) {
      const long = rng.chance(0.15);
      const t = long ? rng.pick(LONG_STATEMENTS) : rng.pick(STATEMENTS);
      const ranFor = long ? rng.int(30_000, Math.max(30_000, Math.min(age, 20 * 60_000))) : rng.int(0, 50);
      s.busyUntil = now + (long ? rng.int(10_000, 600_000) : Math.round(rng.exp(2000)) + 1);
      const receivedAt = Math.max(s.authUntil, now - ranFor);
      running = { statement: t.text, command: 'COM_QUERY', receivedAt, completedAt: s.busyUntil, server: this.serverFor(s, t).server };
    } else {
      s.busyUntil = now - Math.min(age, Math.round(rng.exp(gapMs)));
    }
    if (running) s.queries.push(running);
    const n = Math.min(pastBursts + 1, rng.int(1, RETAINED_QUERIES)) - (running ? 1 : 0);
    let completedAt = running ? running.receivedAt - 1 - Math.round(rng.exp(gapMs)) : s.busyUntil;
    for (let i = 0; i < n && completedAt > s.authUntil; i++) {
      const t = rng.pick(STATEMENTS);
      const duration = Math.round(rng.exp(30)) + 1;
      s.queries.push({
        statement: t.text,
        command: 'COM_QUERY',
        receivedAt: Math.max(s.authUntil, completedAt - duration),
        completedAt,
        server: this.serverFor(s, t).server,
      });
      completedAt -= duration + Math.round(rng.exp(gapMs)) + 1;
    }
    this.events.push(this.later(Math.max(now, s.busyUntil), rng.exp(gapMs)), 'burst', s.id);
  }

  private admit(s: SimSession): void {
    this.live.set(s.id, s);
    this.ordered = null;
    const onService = this.count(this.liveByService, s.service, 1);
    const svc = this.serviceByName.get(s.service);
    if (svc) {
      svc.totalConnections++;
      svc.maxConnections = Math.max(svc.maxConnections, onService);
    }
    for (const c of s.connections) {
      const onServer = this.count(this.liveByServer, c.server, 1);
      const server = this.serverByName.get(c.server);
      if (server) server.maxConnections = Math.max(server.maxConnections, onServer);
    }
  }

  private count(map: Map<string, number>, key: string, delta: number): number {
    const n = (map.get(key) ?? 0) + delta;
    map.set(key, n);
    return n;
  }

  private setDeparture(s: SimSession, at: number): void {
    s.departAt = at;
    this.events.push(at, 'depart', s.id);
  }

  private scheduleArrival(): void {
    const meanGapMs = (MEAN_LIFETIME_S * 1000 * MEAN_CLUSTER) / Math.max(1, this.targetSessions);
    const base = Number.isFinite(this.nextArrivalAt) ? this.nextArrivalAt : this.nowMs;
    this.nextArrivalAt = this.later(base, this.rng.exp(meanGapMs));
  }

  private arrive(): void {
    const at = this.nextArrivalAt;
    const count = this.rng.chance(CLUSTER_P) ? this.rng.int(2, 8) : 1;
    for (let i = 0; i < count; i++) {
      const rng = new Rng(mixSeed(this.seed, this.nextId));
      const s = this.generate(at + i * 3, rng);
      const mean = rng.weighted(LIFETIMES_NEW);
      this.setDeparture(s, this.later(s.authUntil, rng.exp(mean * 1000)));
      this.events.push(this.later(s.authUntil, rng.exp(500)), 'burst', s.id);
      this.admit(s);
    }
    this.scheduleArrival();
  }

  // ---- work -------------------------------------------------------------------------------

  private burst(s: SimSession): void {
    const rng = s.rng;
    const now = this.nowMs;
    const long = rng.chance(0.015);
    const t = long ? rng.pick(LONG_STATEMENTS) : rng.pick(STATEMENTS);
    const duration = long ? rng.int(30_000, 900_000) : Math.round(rng.exp(40)) + 1;
    const conn = this.serverFor(s, t);
    s.busyUntil = now + duration;
    if (conn.server) {
      const reads = 1 + (long ? rng.int(100, 50_000) : rng.int(0, 20));
      const writes = 1 + (rng.chance(0.1) ? rng.int(1, 5) : 0);
      conn.reads += reads;
      conn.writes += writes;
      if (rng.chance(0.02)) conn.bufferedWrites += rng.int(1, 3);
      if (rng.chance(0.004)) {
        conn.highWaterEvents++;
        conn.lowWaterEvents++;
      }
      s.ioActivity += reads + writes;
      const server = this.serverByName.get(conn.server);
      if (server) server.routedPackets += reads + writes;
    }
    s.queries.unshift({ statement: t.text, command: 'COM_QUERY', receivedAt: now, completedAt: s.busyUntil, server: conn.server });
    if (s.queries.length > RETAINED_QUERIES) s.queries.length = RETAINED_QUERIES;
    if (s.activity) {
      this.events.push(this.later(s.busyUntil, rng.exp(GAP_MEAN_S[s.activity] * 1000)), 'burst', s.id);
    }
  }

  /** The connection a statement goes to: writes to the primary when the session has one. */
  private serverFor(s: SimSession, t: StatementTemplate): SimConnection {
    const conns = s.connections;
    if (conns.length === 0) return EMPTY_CONNECTION;
    if (t.write) {
      const primary = conns.find((c) => this.serverByName.get(c.server)?.role === 'Master');
      if (primary) return primary;
    }
    return conns[Math.floor(s.rng.next() * conns.length)];
  }

  private pickServers(service: SimService, rng: Rng): string[] {
    const all = service.servers;
    if (service.router === 'readconnroute') return [rng.pick(all)];
    if (service.router === 'schemarouter') return [...all];
    // readwritesplit: the primary plus 1–3 replicas.
    const replicas = all.filter((n) => this.serverByName.get(n)?.role !== 'Master');
    const count = Math.min(replicas.length, rng.int(1, 3));
    const start = rng.int(0, Math.max(0, replicas.length - 1));
    const chosen = all.filter((n) => this.serverByName.get(n)?.role === 'Master');
    for (let i = 0; i < count; i++) chosen.push(replicas[(start + i) % replicas.length]);
    return chosen;
  }

  private openConnection(serverName: string): SimConnection {
    const server = this.serverByName.get(serverName);
    let connectionId = 0;
    if (server) {
      connectionId = server.nextConnectionId++;
      server.totalConnections++;
    }
    return {
      server: serverName,
      connectionId,
      role: 'Backend Request Handler',
      state: 'DCB in the polling loop',
      cipher: '',
      reads: 0,
      writes: 0,
      bufferedWrites: 0,
      highWaterEvents: 0,
      lowWaterEvents: 0,
    };
  }

  /** `base + delta` rounded to whole ms and at least 1 ms later (keeps time moving). */
  private later(base: number, deltaMs: number): number {
    return Math.round(base + Math.max(1, deltaMs));
  }
}

const EMPTY_CONNECTION: SimConnection = {
  server: '',
  connectionId: 0,
  role: '',
  state: '',
  cipher: '',
  reads: 0,
  writes: 0,
  bufferedWrites: 0,
  highWaterEvents: 0,
  lowWaterEvents: 0,
};

/** Busy (a statement running) at `now`. */
export function isBusy(s: SimSession, now: number): boolean {
  return now < s.busyUntil;
}

/** Idle seconds at `now`: 0 while busy, else time since the last burst ended. */
export function idleSeconds(s: SimSession, now: number): number {
  return now < s.busyUntil ? 0 : (now - s.busyUntil) / 1000;
}

/** Idle seconds as both dialects send them: rounded down to tenths (MaxScale's 100 ms tick). */
export function idleTenths(s: SimSession, now: number): number {
  return Math.floor((now < s.busyUntil ? 0 : now - s.busyUntil) / 100) / 10;
}

/** `Session created` while authenticating, else the stored state. */
export function stateAt(s: SimSession, now: number): string {
  return now < s.authUntil ? STATE_CREATED : s.state;
}

/** The user is unknown until authentication completes. */
export function userAt(s: SimSession, now: number): string {
  return now < s.authUntil ? '' : s.user;
}
