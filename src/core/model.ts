// The normalized session model shared by the API client, the UI and batch output.
// Both REST dialects map onto these types; what a dialect lacks is left undefined,
// never invented. Pure types: no React, no undici.

export type Dialect = 'seed' | 'v1';

/** One recent statement of a session (v1 `queries`, newest first). */
export interface QueryInfo {
  statement: string;
  /** When MaxScale received it, if known. */
  received?: Date | null;
  /** When it completed, if known (null/undefined while running). */
  completed?: Date | null;
  /** Duration in milliseconds, if the server reports one or it can be derived. */
  durationMs?: number | null;
}

export interface ClientInfo {
  cipher?: string;
  /** `connection_attributes`; null while the client is still authenticating. */
  attributes?: Record<string, string> | null;
}

export interface Session {
  /** Unique across a cluster: `${target}#${id}`. */
  key: string;
  /** Session id: a positive decimal integer (v1 sends it as a string, seed as a number). */
  id: number;
  /** The target (MaxScale host) this session lives on, as the user named it (e.g. `127.0.0.1:8989`). */
  target: string;
  state: string;
  /** Null when the server sent no user (v1 omits it while empty). */
  user: string | null;
  /** Client address (`address` in seed, `remote` in v1). */
  address: string | null;
  /** Client port (v1 21.06+). */
  port?: number;
  /** Service name, not its path (`/services/x` → `x`). */
  service: string | null;
  connected: Date | null;
  /** Idle seconds as of `polledAt`; null when absent. Shown as of now: see core/session-time.ts. */
  idle: number | null;
  /**
   * Date.now() when the answer carrying this session arrived: `idle` and `secondsAlive` are as of
   * then. A session reused from an earlier poll keeps that poll's time with its values.
   */
  polledAt: number;
  /** Number of backend connections; null when the list response does not say. */
  backends: number | null;
  /** v1 22.08+: `memory.total` in bytes. */
  memory?: number;
  /** v1 23.02+: `io_activity` count. */
  ioActivity?: number;
  /** v1 24.02+: `seconds_alive`, as of `polledAt`. */
  secondsAlive?: number;
  /** v1: `client` attributes (detail only). */
  client?: ClientInfo;
  /** v1: recent statements, newest first (detail only). */
  queries?: QueryInfo[];
  /** v1: per-backend connection info carried inside the session resource (detail only). */
  connections?: Connection[];
}

export interface ConnectionStats {
  reads: number;
  writes: number;
  bufferedWrites: number;
  highWaterEvents: number;
  lowWaterEvents: number;
}

export interface Connection {
  /** Server name, not its path (`/servers/db-serv-01` → `db-serv-01`). */
  server: string;
  role?: string;
  state?: string;
  service?: string;
  /** v1: backend `connection_id` (21.x+) or the 2.3–2.5 `id` ("0x…"). */
  backendConnectionId?: number | string;
  cipher?: string;
  /** Seed dialect only: per-connection counters. */
  statistics?: ConnectionStats;
  /** v1 22.08+: `memory.connection_buffers.backends.<server>.total`. */
  memory?: number;
}

/** v1 `GET /v1/servers`: per-server totals for the detail view. */
export interface ServerInfo {
  name: string;
  state?: string;
  address?: string;
  port?: number;
  statistics: {
    connections?: number;
    maxConnections?: number;
    activeOperations?: number;
    failedAuths?: number;
    persistentConnections?: number;
    totalConnections?: number;
  };
}

export type TargetStatus = 'ok' | 'down' | 'unknown';

/** The health of one target after a poll. */
export interface TargetHealth {
  target: string;
  status: TargetStatus;
  dialect?: Dialect;
  /** The MaxScale version when the target tells it (v1 `GET /v1/maxscale`, e.g. `24.08.3`); untrusted text. */
  version?: string;
  /** Milliseconds the last successful list poll took. */
  latencyMs?: number;
  /** Wall-clock ms (Date.now()) of the last successful poll. */
  lastOkAt?: number;
  /** One-line error message of the last failed poll, if the last poll failed. */
  error?: string;
  /** The ApiError kind of the last failed poll (`auth`, `timeout`…), if the last poll failed. */
  errorKind?: string;
  sessionCount?: number;
}

export const sessionKey = (target: string, id: number): string => `${target}#${id}`;
