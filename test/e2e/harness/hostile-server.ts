// A tiny HTTP server that speaks just enough of the seed dialect (GET /sessions, /sessions/:id,
// /sessions/:id/connections) to be polled, and answers with whatever the current mode dictates:
// wrong types, absurd nesting, a 50 MB body, or a well-formed list (to prove recovery).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type HostileMode = 'valid' | 'wrong-types' | 'deep-nesting' | 'huge-body';

/** The user name of the one well-formed session every mode except the broken ones carries. */
export const VALID_MARKER_USER = 'steady_marker';
export const HUGE_BODY_BYTES = 50 * 1024 * 1024;

export interface HostileServer {
  url: string;
  port: number;
  mode: HostileMode;
  /** GET /sessions requests answered so far, per mode. */
  listRequests: Record<HostileMode, number>;
  close(): Promise<void>;
}

const connectedText = 'Wed Nov 25 10:00:00 2026';

function validSession(id: number, user: string): Record<string, unknown> {
  return { id, state: 'Session started', user, address: '192.0.2.7', service: '/services/RW-Split-Router', connected: connectedText, idle: 12 };
}

function wrongTypesBody(): string {
  return JSON.stringify([
    { id: 'seven', state: 7, user: { name: 'x' }, address: ['1', '2'], service: 42, connected: true, idle: 'forever' },
    { id: -3, state: null, user: null, address: null, service: null, connected: null, idle: null },
    { id: 1e300, state: ['a'], user: 123, address: {}, service: [], connected: 17, idle: -1 },
    'not an object',
    null,
    42,
    [1, 2, 3],
    { id: { nested: 1 } },
    {},
  ]);
}

function deepNestingBody(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

let hugeBodyCache: Buffer | undefined;
/** A seed session list of about 50 MB: 100 KB strings in every text field. */
function hugeBody(): Buffer {
  if (hugeBodyCache) return hugeBodyCache;
  const big = (c: string) => c.repeat(100 * 1024);
  const one = (id: number) =>
    JSON.stringify({ id, state: big('S'), user: big('U'), address: big('A'), service: `/services/${big('V')}`, connected: connectedText, idle: id });
  const parts: string[] = [];
  let size = 2;
  for (let id = 1; size < HUGE_BODY_BYTES; id++) {
    const text = one(id);
    parts.push(text);
    size += text.length + 1;
  }
  hugeBodyCache = Buffer.from(`[${parts.join(',')}]`, 'utf8');
  return hugeBodyCache;
}

function listBody(mode: HostileMode): Buffer {
  switch (mode) {
    case 'valid':
      return Buffer.from(JSON.stringify([validSession(1, VALID_MARKER_USER), validSession(2, 'second_user')]));
    case 'wrong-types':
      return Buffer.from(wrongTypesBody());
    case 'deep-nesting':
      return Buffer.from(deepNestingBody(200_000));
    case 'huge-body':
      return hugeBody();
  }
}

export async function startHostileServer(initial: HostileMode = 'valid'): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const state: HostileServer = {
    url: '',
    port: 0,
    mode: initial,
    listRequests: { valid: 0, 'wrong-types': 0, 'deep-nesting': 0, 'huge-body': 0 },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  const server = http.createServer((req, res) => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0];
    let body: Buffer;
    if (path === '/sessions') {
      state.listRequests[state.mode]++;
      body = listBody(state.mode);
    } else if (/^\/sessions\/\d+\/connections$/.test(path)) {
      body = Buffer.from(state.mode === 'valid' ? '[]' : listBody(state.mode));
    } else if (/^\/sessions\/\d+$/.test(path)) {
      body = state.mode === 'valid' ? Buffer.from(JSON.stringify(validSession(Number(path.split('/')[2]), VALID_MARKER_USER))) : listBody(state.mode);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'Not Found', description: `no ${path}` }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}
