// Fault injection. The object is mutable while the simulator runs; tests flip switches between
// requests. Draws come from a dedicated seeded Rng so faults never disturb the model's stream.
import { Rng, mixSeed } from './rng.js';

export interface SimFaults {
  /** Added delay before every answer, ms (real time: it is network latency). */
  latencyMs: number;
  /**
   * Added delay (ms, real time, on top of latencyMs) before answering only the paths that start
   * with `pathPrefix` (e.g. '/v1/sessions/' for a slow detail read while list pages are fast:
   * a list's path is '/v1/sessions', its query aside). null = off.
   */
  slowPath: { pathPrefix: string; delayMs: number } | null;
  /** Share (0–1) of requests answered `500` with the dialect's error body. */
  errorRate: number;
  /** Share (0–1) of bodies truncated (valid HTTP, invalid JSON). Bodiless answers are left alone. */
  malformedRate: number;
  /** Share (0–1) of answers whose connection is destroyed halfway through the body. */
  dropRate: number;
  /** Accept requests and never answer (client timeouts). */
  hang: boolean;
  /** Answer everything `200 text/html` like a web server on the wrong port (not MaxScale). */
  htmlPage: boolean;
  /** Pad every JSON answer with this many bytes of whitespace (oversize-body limits); 0 = off. */
  padBytes: number;
  /**
   * Broken paging: every list answers with its first page, whatever page is asked for (seed
   * `range=A-B` is served as `0-(B-A)`, v1 `page[number]` as 0, with page 0's links and
   * `meta.total`); the page size is kept.
   */
  firstPageOnly: boolean;
  /**
   * Answer matching requests with exactly this (after auth): wrong shapes, an older server's
   * 405 to DELETE, odd statuses. null = off.
   */
  rawReply: RawReply | null;
}

export interface RawReply {
  status: number;
  /** Sent verbatim ('' for none). */
  body: string;
  /** Default application/json. */
  contentType?: string;
  /** Only requests with this method (default: any). */
  method?: string;
  /** Only paths starting with this (default: any), e.g. '/v1/sessions'. */
  pathPrefix?: string;
}

/** True when a raw reply applies to this request. */
export function rawReplyMatches(r: RawReply, method: string, path: string): boolean {
  return (r.method === undefined || r.method === method) && (r.pathPrefix === undefined || path.startsWith(r.pathPrefix));
}

export function defaultFaults(init: Partial<SimFaults> = {}): SimFaults {
  return {
    latencyMs: 0,
    slowPath: null,
    errorRate: 0,
    malformedRate: 0,
    dropRate: 0,
    hang: false,
    htmlPage: false,
    padBytes: 0,
    firstPageOnly: false,
    rawReply: null,
    ...init,
  };
}

/** What happens to one request, decided before it is served. */
export interface FaultDecision {
  error: boolean;
  malformed: boolean;
  drop: boolean;
}

export class FaultDice {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(mixSeed(seed, 0xfa017));
  }

  /** Rolls each share independently (a rate of 0 never fires, 1 always does). */
  roll(f: SimFaults): FaultDecision {
    return {
      error: this.hit(f.errorRate),
      malformed: this.hit(f.malformedRate),
      drop: this.hit(f.dropRate),
    };
  }

  private hit(rate: number): boolean {
    if (!(rate > 0)) return false;
    return this.rng.next() < rate;
  }
}
