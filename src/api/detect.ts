// Which dialect a target speaks, decided from how it answers two cheap probes.
// Real MaxScale also answers /sessions (the /v1 prefix is optional since 2.4), so /v1 is tried
// first: a JSON:API answer there means v1. Otherwise a JSON array from /sessions means seed.
import type { Dialect } from '../core/model.js';
import { ApiError } from './types.js';
import { badResponse, errorFromStatus } from './errors.js';
import { tryJson } from './responses.js';
import type { HttpResponse, Transport } from './transport.js';

export const V1_PROBE = '/v1/sessions?page[size]=1&page[number]=0&fields[sessions]=state';
export const SEED_PROBE = '/sessions?range=0-0&fields=id';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isJsonApiErrors = (v: unknown): boolean => isObject(v) && Array.isArray(v.errors);
const isSeedError = (v: unknown): boolean => isObject(v) && typeof v.error === 'string';
const looksJson = (res: HttpResponse): boolean => /json/i.test(res.contentType) || /^\s*[[{]/.test(res.body);

function describeAnswer(res: HttpResponse): string {
  if (/html/i.test(res.contentType) || /^\s*<(!doctype|html)/i.test(res.body)) return `an HTML page (HTTP ${res.status})`;
  if (res.status >= 300 && res.status < 400) return `a redirect (HTTP ${res.status}; if it redirects to https, use --secure or https://)`;
  if (tryJson(res.body) !== undefined) return `JSON that is not the MaxScale REST API (HTTP ${res.status})`;
  return `HTTP ${res.status}`;
}

export async function detectDialect(transport: Transport, target: string): Promise<Dialect> {
  const v1 = await transport.request('GET', V1_PROBE);
  if (v1.status === 401) throw errorFromStatus({ target, status: 401, body: undefined });
  const v1Json = tryJson(v1.body);
  if (v1.status === 403 && isJsonApiErrors(v1Json)) throw errorFromStatus({ target, status: 403, body: v1Json });
  if (v1.status === 200 && isObject(v1Json) && Array.isArray(v1Json.data)) return 'v1';
  // A JSON:API error document: MaxScale, just unhappy with a probe parameter.
  if (v1.status === 400 && isJsonApiErrors(v1Json)) return 'v1';
  if (v1.status >= 500 && isJsonApiErrors(v1Json)) throw errorFromStatus({ target, status: v1.status, body: v1Json });
  if (v1.status === 200 && looksJson(v1) && v1Json === undefined) throw badResponse(target, 'the response is not valid JSON (truncated?)', 200);

  const seed = await transport.request('GET', SEED_PROBE);
  if (seed.status === 401) throw errorFromStatus({ target, status: 401, body: undefined });
  const seedJson = tryJson(seed.body);
  if (seed.status === 403 && (isSeedError(seedJson) || isJsonApiErrors(seedJson))) throw errorFromStatus({ target, status: 403, body: seedJson });
  if (seed.status === 200 && Array.isArray(seedJson)) return 'seed';
  if (seed.status >= 500 && (isSeedError(seedJson) || isJsonApiErrors(seedJson))) {
    throw errorFromStatus({ target, status: seed.status, body: seedJson });
  }
  if (seed.status === 200 && looksJson(seed) && seedJson === undefined) throw badResponse(target, 'the response is not valid JSON (truncated?)', 200);
  throw new ApiError(
    'not-maxscale',
    target,
    `${target} does not look like a MaxScale REST API: it answered ${describeAnswer(seed.status === 404 ? v1 : seed)}; check the host and port (default 8989)`,
  );
}
