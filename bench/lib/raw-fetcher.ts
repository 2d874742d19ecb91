// The floor of a poll: the very requests a client made, fetched raw with undici over one
// keep-alive connection, each body read as text and JSON.parse'd; nothing else.
import { Pool } from 'undici';
import { SIM_PASSWORD, SIM_USER } from './children.js';
import type { RecordedRequest } from './request-recorder.js';

export interface RawFetcher {
  fetchAll(): Promise<unknown[]>;
  /** Per call: ms spent waiting for the server and reading bodies (the rest is JSON.parse). */
  transferMs: number[];
  close(): Promise<void>;
}

export function rawFetcher(requests: RecordedRequest[]): RawFetcher {
  const origin = requests[0].origin;
  const pool = new Pool(origin, { connections: 1 });
  const authorization = 'Basic ' + Buffer.from(`${SIM_USER}:${SIM_PASSWORD}`).toString('base64');
  const transferMs: number[] = [];
  const fetchAll = async (): Promise<unknown[]> => {
    const bodies: unknown[] = [];
    let transfer = 0;
    for (const r of requests) {
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path: r.path, headers: { authorization } });
      const text = await res.body.text();
      transfer += performance.now() - t0;
      bodies.push(JSON.parse(text));
    }
    transferMs.push(transfer);
    return bodies;
  };
  return { fetchAll, transferMs, close: () => pool.close() };
}
