// The contract of the REST client. Implementations live beside this file.
import type { Connection, Dialect, ServerInfo, Session, TargetHealth } from '../core/model.js';

export type DialectChoice = 'auto' | Dialect;

export interface TlsOptions {
  /** PEM text or a path already read by the caller: CA bundle to trust. */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Passphrase of an encrypted `key`. */
  passphrase?: string;
  /** Verify the server certificate (default true). Only an explicit user choice turns it off. */
  verify?: boolean;
}

export interface ClientOptions {
  /** `HOST:PORT`, `HOST` (port 8989) or a full `http(s)://HOST:PORT[/base]` URL. */
  target: string;
  user?: string;
  password?: string;
  /** Use https when the target has no scheme (maxctrl's `--secure`). */
  secure?: boolean;
  tls?: TlsOptions;
  /** Per-request deadline in ms (default 10000, like maxctrl). */
  timeoutMs?: number;
  dialect?: DialectChoice;
  /** Largest response body accepted, bytes (default 64 MiB). */
  maxBodyBytes?: number;
  /** v1 page size / seed range size for list polls (default 5000). */
  pageSize?: number;
}

export interface SessionList {
  target: string;
  dialect: Dialect;
  sessions: Session[];
  /** ms the whole list poll took. */
  latencyMs: number;
  /** Date.now() when the poll completed. */
  fetchedAt: number;
  /** The server's version when known (v1: `GET /v1/maxscale` attributes.version, read once). */
  version?: string;
}

export type CloseResult =
  | { outcome: 'closed'; id: number; target: string; status: number }
  | { outcome: 'scheduled'; id: number; target: string; status: number; ttl: number };

export interface SessionsClient {
  readonly target: string;
  /** Detects (once) and returns the dialect of the target. */
  detectDialect(): Promise<Dialect>;
  listSessions(): Promise<SessionList>;
  getSession(id: number): Promise<Session>;
  getConnections(id: number): Promise<Connection[]>;
  closeSession(id: number, opts?: { ttl?: number }): Promise<CloseResult>;
  /** v1 only; seed targets reject with a `not-supported` error. */
  getServers(): Promise<ServerInfo[]>;
  /**
   * performance.now() when the target last answered any request (null before its first answer).
   * A list poll is several requests (detection, pages, version), each with its own timeout: the
   * pool counts a slow target's silence from its last answer, not from the poll's start.
   */
  lastAnswerAt(): number | null;
  /** Releases the keep-alive connection. */
  close(): Promise<void>;
}

export type ApiErrorKind =
  | 'unreachable' // refused, DNS, reset
  | 'timeout'
  | 'tls'
  | 'auth' // 401
  | 'forbidden' // 403
  | 'not-found' // 404 on a session (already closed / never existed)
  | 'close-unsupported' // older MaxScale answering 404/405 to DELETE
  | 'not-supported' // feature absent in this dialect
  | 'not-maxscale' // HTML page, another service, wrong port
  | 'bad-response' // malformed, oversized, wrong shape (message names the field)
  | 'server-error'; // 5xx, with the server's detail

/** Every failure of the client is one of these; `message` is one line and names the target. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly target: string;
  readonly status?: number;
  /** The server's own words at the end of the message (its error detail), when there are any. */
  readonly serverText?: string;
  /** The transport's error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…) behind an unreachable or timeout error. */
  transportCode?: string;
  constructor(kind: ApiErrorKind, target: string, message: string, status?: number, serverText?: string) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.target = target;
    this.status = status;
    if (serverText) this.serverText = serverText;
  }
}

/** Result of polling several targets at once. */
export interface PoolSnapshot {
  sessions: Session[];
  health: TargetHealth[];
  /** Date.now() when the slowest answer (or deadline) arrived. */
  fetchedAt: number;
}
