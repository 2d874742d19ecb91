// TLS against a real https server with certificates made by openssl inside the test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { ApiError, type ClientOptions } from '../../src/api/types.js';
import { startTinyServer, v1Handler, type TinyServer } from './helpers/tiny-server.js';
import * as fx from './fixtures/v1-sessions.js';
import { failure } from './helpers/failure.js';

interface Pem {
  cert: string;
  key: string;
}

let dir: string;
function selfSigned(name: string, cn: string): Pem {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${cn}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

let serverPem: Pem;
let otherPem: Pem;
let clientPem: Pem;
let plain: TinyServer;
let mutual: TinyServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sesstop-tls-'));
  serverPem = selfSigned('server', 'sesstop-test-server');
  otherPem = selfSigned('other', 'some-other-ca');
  clientPem = selfSigned('client', 'sesstop-test-client');
  plain = await startTinyServer(v1Handler([fx.v2408]), serverPem);
  mutual = await startTinyServer(v1Handler([fx.v2408]), { ...serverPem, requestCert: true, rejectUnauthorized: true, ca: clientPem.cert });
});

afterAll(async () => {
  await plain?.close();
  await mutual?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function list(options: ClientOptions) {
  const c = createClient({ user: 'admin', password: 'mariadb', dialect: 'auto', ...options });
  try {
    return await c.listSessions();
  } finally {
    await c.close();
  }
}


describe('TLS', () => {
  it('refuses an unknown self-signed certificate by default, with the CA hint', async () => {
    const e = await failure(list({ target: plain.target, secure: true }));
    expect(e.kind).toBe('tls');
    expect(e.message).toBe(`TLS error talking to ${plain.target}: the server certificate is self-signed (pass the CA that signed it with --tls-ca-cert)`);
  });

  it('refuses a certificate signed by another CA', async () => {
    const e = await failure(list({ target: `https://${plain.target}`, tls: { ca: otherPem.cert } }));
    expect(e.kind).toBe('tls');
  });

  it('trusts the server when given its CA', async () => {
    const result = await list({ target: plain.target, secure: true, tls: { ca: serverPem.cert } });
    expect(result.dialect).toBe('v1');
    expect(result.sessions.map((s) => s.id)).toEqual([24]);
  });

  it('skips verification only when explicitly asked', async () => {
    const result = await list({ target: `https://${plain.target}`, tls: { verify: false } });
    expect(result.sessions).toHaveLength(1);
  });

  it('presents a client certificate and key', async () => {
    const e = await failure(list({ target: mutual.target, secure: true, tls: { ca: serverPem.cert } }));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('pass --tls-cert and --tls-key');
    const result = await list({ target: mutual.target, secure: true, tls: { ca: serverPem.cert, cert: clientPem.cert, key: clientPem.key } });
    expect(result.sessions).toHaveLength(1);
  });

  it('plain HTTP to an HTTPS port is reported, not hung', async () => {
    const e = await failure(list({ target: plain.target, timeoutMs: 2000 }));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toBe(`cannot reach ${plain.target}: the connection closed without an answer (if it serves HTTPS, use --secure or https://)`);
  });
});
