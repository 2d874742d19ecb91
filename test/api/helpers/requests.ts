// Records the requests undici sends (via its diagnostics channel), to prove what the client
// asked for: sparse fields, paging, no duplicate polls.
import diagnostics from 'node:diagnostics_channel';

export interface SentRequest {
  origin: string;
  method: string;
  path: string;
}

export function recordRequests(): { sent: SentRequest[]; stop(): void } {
  const sent: SentRequest[] = [];
  const listener = (message: unknown) => {
    const { request } = message as { request: { origin: string; method: string; path: string } };
    sent.push({ origin: String(request.origin), method: request.method, path: request.path });
  };
  diagnostics.subscribe('undici:request:create', listener);
  return { sent, stop: () => diagnostics.unsubscribe('undici:request:create', listener) };
}

/** The session requests among `sent` (leaves out the one-off `GET /v1/maxscale` version read). */
export const sessionRequests = (sent: readonly SentRequest[]): SentRequest[] => sent.filter((r) => r.path.includes('sessions'));
