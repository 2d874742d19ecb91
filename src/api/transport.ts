// HTTP for one target: a single keep-alive connection, a hard per-request deadline, a body size
// cap read as a stream, Basic auth in a header. Every failure leaves as an ApiError.
import { Client, errors, type Dispatcher } from 'undici';
import { ApiError, type TlsOptions } from './types.js';
import { badResponse, describeError } from './errors.js';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
  /**
   * When the request was sent and when the answer began to arrive (the transport's clock,
   * Date.now() by default): the server measured what it says (idle times) in between.
   */
  sentAt: number;
  receivedAt: number;
}

export interface TransportOptions {
  target: string;
  origin: string;
  basePath: string;
  user?: string;
  password?: string;
  tls?: TlsOptions;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Tests only: route requests through this dispatcher (undici MockAgent) instead of a socket. */
  dispatcher?: Dispatcher;
  /** Tests and benchmarks only: the clock answers are stamped with (default Date.now). */
  now?: () => number;
}

export interface Transport {
  request(method: 'GET' | 'DELETE', path: string): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpTransport extends Transport {
  /** performance.now() when the target last answered a request (any status); null before its first answer. */
  lastAnswerAt(): number | null;
}

const RETRYABLE_RESET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`
    : bytes >= 1024
      ? `${Math.round((bytes / 1024) * 10) / 10} KiB`
      : `${bytes} bytes`;

export function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

function isStaleSocketError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_RESET.has(code);
}

export function createTransport(options: TransportOptions): HttpTransport {
  const { target, origin, basePath, timeoutMs, maxBodyBytes } = options;
  const now = options.now ?? Date.now;
  let lastAnswerAt: number | null = null;
  const secure = origin.startsWith('https:');
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Client(origin, {
      // One connection per target: polls and detail requests take turns on it (takeTurn).
      pipelining: 1,
      keepAliveTimeout: 30_000,
      // Backups for AbortSignal.timeout (undici's own timers are coarse).
      headersTimeout: timeoutMs + 1000,
      bodyTimeout: timeoutMs + 1000,
      connect: {
        timeout: timeoutMs,
        ...(secure
          ? {
              ca: options.tls?.ca,
              cert: options.tls?.cert,
              key: options.tls?.key,
              passphrase: options.tls?.passphrase,
              rejectUnauthorized: options.tls?.verify !== false,
            }
          : {}),
      },
    });
  // Requests take turns here, not in undici's queue: a request's deadline (and sentAt) must start
  // when it gets the connection, not while it waits behind another (--timeout is per request).
  // Waiting is bounded by one timeout as well: on a host that has stopped answering, reads keep
  // coming (a detail read after every poll) and each would hold the connection a whole timeout,
  // so the queue would grow for as long as the host is silent, and flood it once it answers.
  let busy = false;
  let closed = false;
  const waiting: Array<() => void> = [];
  async function takeTurn(): Promise<void> {
    if (!closed && busy) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(wake), 1);
          reject(new DOMException('no turn on the connection within the timeout', 'TimeoutError'));
        }, timeoutMs);
        timer.unref();
        const wake = (): void => {
          clearTimeout(timer);
          resolve();
        };
        waiting.push(wake);
      });
    } else busy = true;
    // Woken by close(): fail like a request sent on the destroyed connection.
    if (closed) throw new errors.ClientDestroyedError();
  }
  function passTurn(): void {
    const next = waiting.shift();
    if (next) next(); // busy stays true: the turn is handed over, so no newcomer slips in between
    else busy = false;
  }

  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.user !== undefined) headers.authorization = basicAuthHeader(options.user, options.password ?? '');

  // The usual causes of a connection closed before any answer: a TLS/plain-HTTP mismatch, or
  // a server that wants a client certificate.
  const closedWithoutAnswer = (): ApiError =>
    new ApiError(
      'unreachable',
      target,
      secure
        ? `cannot reach ${target}: the connection closed without an answer (if it requires a client certificate, pass --tls-cert and --tls-key)`
        : `cannot reach ${target}: the connection closed without an answer (if it serves HTTPS, use --secure or https://)`,
    );

  // Lists are paged, so no page a MaxScale sends comes near the cap: a body this large means the
  // address is not a MaxScale REST API (or a hostile one), and there is no setting to raise.
  const tooLarge = (status: number): ApiError =>
    badResponse(target, `response larger than ${sizeText(maxBodyBytes)}, more than sesstop reads: check that this is a MaxScale REST API address`, status);

  async function readCapped(body: Dispatcher.ResponseData['body'], status: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) {
        body.destroy();
        throw tooLarge(status);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }

  async function once(method: 'GET' | 'DELETE', path: string, signal: AbortSignal): Promise<HttpResponse> {
    let response: Dispatcher.ResponseData;
    const sentAt = now();
    try {
      response = await dispatcher.request({ origin, path: basePath + path, method, headers, signal });
    } catch (e) {
      if (e && typeof e === 'object') (e as { beforeAnswer?: boolean }).beforeAnswer = true;
      throw e;
    }
    const receivedAt = now();
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      response.body.destroy();
      throw tooLarge(response.statusCode);
    }
    const body = await readCapped(response.body, response.statusCode);
    const contentType = String(response.headers['content-type'] ?? '');
    lastAnswerAt = performance.now();
    return { status: response.statusCode, contentType, body, sentAt, receivedAt };
  }

  async function send(method: 'GET' | 'DELETE', path: string): Promise<HttpResponse> {
    // One deadline for the request, a resend included, from the moment it has the connection.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await once(method, path, signal);
    } catch (first) {
      // A keep-alive socket the server closed meanwhile (e.g. MaxScale restarted) fails at
      // once; a GET is safe to resend on a fresh connection. DELETE is never resent.
      if (method === 'GET' && !(first instanceof ApiError) && isStaleSocketError(first)) return await once(method, path, signal);
      throw first;
    }
  }

  return {
    async request(method, path) {
      try {
        await takeTurn();
        try {
          return await send(method, path);
        } finally {
          // The body has been read or destroyed by now, whatever happened: the next one may go.
          passTurn();
        }
      } catch (e) {
        const failed = e as { code?: unknown; beforeAnswer?: boolean } | null;
        if (failed?.code === 'UND_ERR_SOCKET' && failed.beforeAnswer) throw closedWithoutAnswer();
        throw describeError(e, target);
      }
    },
    lastAnswerAt: () => lastAnswerAt,
    async close() {
      closed = true;
      for (const wake of waiting.splice(0)) wake();
      if (options.dispatcher) return;
      // destroy, not close: a request stuck on a hung server must not keep the caller waiting.
      await dispatcher.destroy().catch(() => undefined);
    },
  };
}
