// Reading an HTTP answer: JSON for a 200, a typed ApiError for anything else.
import { errorFromStatus } from './errors.js';
import { parseJsonBody } from './parse-common.js';
import type { HttpResponse } from './transport.js';
import { Fields } from './validate.js';

/** Parsed JSON of an error body, or undefined when it is not JSON (e.g. MaxScale's empty 404). */
export function tryJson(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The JSON of a 200 answer plus a field reader bound to the target; other statuses throw. */
export function okJson(res: HttpResponse, target: string, subject?: string): { json: unknown; f: Fields } {
  if (res.status !== 200) throw errorFromStatus({ target, status: res.status, body: tryJson(res.body), subject });
  // Idle times are as of the answer's arrival; the server measured them after the request left.
  return { json: parseJsonBody(res.body, target, res.status), f: new Fields(target, res.status, res.receivedAt, Math.max(0, res.receivedAt - res.sentAt)) };
}
