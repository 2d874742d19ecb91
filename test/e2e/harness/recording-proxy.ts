// A loopback HTTP proxy in front of a simulator that records every request it forwards, so a test
// knows exactly which DELETEs sesstop sent. Its upstream can be swapped (a restarted simulator with
// a fresh model reuses ids) while sesstop keeps talking to the same port.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  status?: number;
  /** The whole answer went back to the client. */
  done?: boolean;
}

export interface RecordingProxy {
  url: string;
  port: number;
  /** `HOST:PORT` for `-h`. */
  hostPort: string;
  requests: RecordedRequest[];
  deletes(): RecordedRequest[];
  setUpstream(url: string): void;
  close(): Promise<void>;
}

/**
 * `onRequest` runs before a request is forwarded, so it sees the upstream exactly as the request
 * will find it (tests look up which session a DELETE is about to close).
 */
export async function startRecordingProxy(upstreamUrl: string, onRequest?: (r: RecordedRequest) => void): Promise<RecordingProxy> {
  let upstream = new URL(upstreamUrl);
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const record: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/' };
    requests.push(record);
    onRequest?.(record);
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        record.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('end', () => (record.done = true));
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hostPort: `127.0.0.1:${port}`,
    requests,
    deletes: () => requests.filter((r) => r.method === 'DELETE'),
    setUpstream: (url) => {
      upstream = new URL(url);
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
