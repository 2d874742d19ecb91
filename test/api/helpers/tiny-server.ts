// A throwaway HTTP(S) server on a loopback port for cases the simulator does not cover
// (HTML pages, other services, hostile bodies, TLS). Handlers are plain node:http handlers.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface TinyServer {
  port: number;
  target: string;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startTinyServer(handler: Handler, tls?: https.ServerOptions): Promise<TinyServer> {
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // TLS handshake failures are expected in some tests; do not crash the worker.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    target: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export const json = (res: http.ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/** A minimal v1 MaxScale: answers /v1/sessions with the given resources, unpaged. */
export function v1Handler(resources: unknown[]): Handler {
  return (req, res) => {
    if (req.url?.startsWith('/v1/sessions')) json(res, 200, { data: resources, links: { self: 'x' } });
    else json(res, 404, { errors: [{ detail: 'not found' }] });
  };
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
