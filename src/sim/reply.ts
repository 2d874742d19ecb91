// The transport-independent answer every route returns; server.ts writes it to the socket.

export interface Reply {
  status: number;
  /** '' for no body. */
  body: string;
  headers?: Record<string, string>;
}

/** A parsed request as the dialect handlers see it. */
export interface SimRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the handlers. */
  path: string;
  query: URLSearchParams;
  /** `http://HOST` from the request's Host header, for links. */
  base: string;
  /** Simulated now, epoch ms, fixed for the whole request. */
  now: number;
}

export const json = (status: number, value: unknown, pretty: boolean): Reply => ({
  status,
  body: escapeInvisible(pretty ? JSON.stringify(value, null, 4) : JSON.stringify(value)),
  headers: { 'content-type': 'application/json' },
});

// DEL, C1 controls, bidi controls and line/paragraph separators are legal raw inside JSON
// strings, but a careless client printing the body would pass them to a terminal. They can
// only occur inside strings, so writing them as \uXXXX escapes is always valid JSON and
// JSON.parse gives back the verbatim text. (JSON.stringify already escapes C0 and lone
// surrogates.)
const INVISIBLE_CLASS = '[\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
const HAS_INVISIBLE = new RegExp(INVISIBLE_CLASS);
const ALL_INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g');

export function escapeInvisible(body: string): string {
  // As many UTF-8 bytes as characters: all ASCII, where only DEL is invisible. Both checks are
  // native and ~6× faster than the regex over a big list page.
  if (Buffer.byteLength(body, 'utf8') === body.length && !body.includes('\x7f')) return body;
  if (!HAS_INVISIBLE.test(body)) return body;
  return body.replace(ALL_INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const empty = (status: number, headers?: Record<string, string>): Reply => ({ status, body: '', headers });

/** The MaxScale-style error body `{"errors":[{"detail":…}]}`. */
export const v1Error = (status: number, detail: string, headers?: Record<string, string>): Reply => ({
  status,
  body: escapeInvisible(JSON.stringify({ errors: [{ detail }] })),
  headers: { 'content-type': 'application/json', ...headers },
});

/** The seed design's error body `{"error":…, "description":…}`. */
export const seedError = (status: number, error: string, description: string, headers?: Record<string, string>): Reply => ({
  status,
  body: escapeInvisible(JSON.stringify({ error, description })),
  headers: { 'content-type': 'application/json', ...headers },
});

/** Session ids are positive decimal integers without sign or leading zeros. */
export function parseSessionId(text: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}
