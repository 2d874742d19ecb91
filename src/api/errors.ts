// Turns every failure the client can meet (socket errors, TLS, timeouts, HTTP statuses,
// hostile bodies) into one typed ApiError with a one-line message that names the target.
import { sanitize, UNSAFE_RUNS } from '../core/sanitize.js';
import { ApiError, type ApiErrorKind } from './types.js';

const MAX_DETAIL_CHARS = 200;

/** Strips control characters (incl. ESC, newlines, C1, bidi overrides, zero-width) and bounds the length. */
export function oneLine(text: string, max = MAX_DETAIL_CHARS): string {
  const cleaned = text.replace(UNSAFE_RUNS, ' ').replace(/\s+/g, ' ').trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** Short, safe rendering of an untrusted JSON value for an error message. */
export function preview(value: unknown): string {
  if (value === undefined) return 'missing';
  // Escaped, not cleaned: a leading space or a trailing newline may be what is wrong with it.
  if (typeof value === 'string') return sanitize(JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value), 400);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return oneLine(String(value), 40);
}

export const badResponse = (target: string, what: string, status?: number): ApiError =>
  new ApiError('bad-response', target, `bad response from ${target}: ${what}`, status);

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT: 'the server certificate is signed by an unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate is signed by an unknown authority',
  CERT_UNTRUSTED: 'the server certificate is not trusted',
  CERT_REJECTED: 'the server certificate was rejected',
  CERT_SIGNATURE_FAILURE: 'the server certificate signature is invalid',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
};

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is MaxScale running and is its REST API listening on that port?)',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed before the response was complete',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_DESTROYED: 'connection closed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'connection closed before the response was complete',
};

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function errorChain(e: unknown): Array<Record<string, unknown>> {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const record = current as Record<string, unknown>;
    chain.push(record);
    // AggregateError (happy-eyeballs connect) carries the per-address errors.
    if (Array.isArray(record.errors) && record.errors.length > 0) chain.push(...record.errors.filter((x) => x && typeof x === 'object'));
    current = record.cause;
  }
  return chain;
}

const tlsHint = '(pass the CA that signed it with --tls-ca-cert)';
const altnameHint = '(connect by a name the certificate holds, or give --tls-verify-server-cert=false to skip the check)';

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'unknown error'; // e.g. an object without a prototype
  }
}

/** Any thrown value → ApiError for `target`. ApiErrors pass through unchanged. */
export function describeError(e: unknown, target: string): ApiError {
  if (e instanceof ApiError) return e;
  const chain = errorChain(e);
  for (const err of chain) {
    const name = typeof err.name === 'string' ? err.name : '';
    const code = typeof err.code === 'string' ? err.code : '';
    if (name === 'TimeoutError' || TIMEOUT_CODES.has(code)) {
      const error = new ApiError('timeout', target, `no answer from ${target} in time (timeout); is it overloaded or behind a firewall?`);
      if (code) error.transportCode = code;
      return error;
    }
    if (code in TLS_CODES) {
      // A certificate for other names is not a CA problem: the CA may be given and right.
      const hint = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? altnameHint : tlsHint;
      return new ApiError('tls', target, `TLS error talking to ${target}: ${TLS_CODES[code]} ${hint}`);
    }
    if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_')) {
      return new ApiError('tls', target, `TLS handshake with ${target} failed (does it serve HTTPS? drop --secure/https:// if it serves plain HTTP)`);
    }
    if (code in UNREACHABLE_CODES) {
      const error = new ApiError('unreachable', target, `cannot reach ${target}: ${UNREACHABLE_CODES[code]}`);
      error.transportCode = code;
      return error;
    }
    if (code.startsWith('HPE_')) {
      return badResponse(target, 'the answer is not valid HTTP (is this the MaxScale REST API port?)');
    }
  }
  const first = chain[0];
  if (first && (first.name === 'AbortError' || first.code === 'UND_ERR_ABORTED' || first.code === 'ABORT_ERR')) {
    return new ApiError('timeout', target, `request to ${target} was aborted before it completed`);
  }
  const raw = first && typeof first.message === 'string' ? first.message : safeString(e);
  return new ApiError('unreachable', target, `request to ${target} failed: ${oneLine(raw) || 'unknown error'}`);
}

/** The server's own explanation from either error shape, sanitised; '' when none. */
export function serverDetail(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.errors)) {
    const details = record.errors
      .map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>).detail : undefined))
      .filter((d): d is string => typeof d === 'string' && d.length > 0);
    return oneLine(details.join('; '));
  }
  const parts = [record.error, record.description].filter((d): d is string => typeof d === 'string' && d.length > 0);
  return oneLine(parts.join(': '));
}

export interface StatusContext {
  target: string;
  status: number;
  /** The parsed body when it was JSON, else undefined. */
  body: unknown;
  /** What the request was about, for the message (e.g. `session 12`). */
  subject?: string;
  /** The request was a close (DELETE); else a read. */
  closing?: boolean;
}

/** Error for a non-success status that the caller did not handle specially. */
export function errorFromStatus({ target, status, body, subject, closing = false }: StatusContext): ApiError {
  const detail = serverDetail(body);
  const suffix = detail ? `: ${detail}` : '';
  let kind: ApiErrorKind;
  let message: string;
  if (status === 401) {
    kind = 'auth';
    message = `${target} refused the login: wrong user or password`;
  } else if (status === 403) {
    kind = 'forbidden';
    message = closing
      ? `${target} refused: this account may not close sessions (it needs administrative access)${suffix}`
      : `${target} refused: this account may not read ${subject ?? 'the sessions'} (check its permissions in MaxScale)${suffix}`;
  } else if (status === 404) {
    kind = 'not-found';
    // Only a session can be gone; anything else missing means this is not the API we think.
    message = subject?.startsWith('session ')
      ? `${subject} not found on ${target} (already closed?)`
      : `${target} answered HTTP 404 for ${subject ?? 'a resource of the MaxScale REST API'}: check the host and port, and --api if given`;
  } else if (status >= 500) {
    kind = 'server-error';
    message = `${target} failed with HTTP ${status}${suffix || ' (no detail given)'}`;
  } else {
    kind = 'bad-response';
    message = `${target} answered HTTP ${status}${suffix || ' (no detail given)'}`;
  }
  return new ApiError(kind, target, message, status, message.endsWith(suffix) ? detail : undefined);
}
