// A self-signed certificate (made with the openssl CLI) and an HTTPS front for a simulator, to
// test -s, --tls-* and -n against a real TLS handshake.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface Pem {
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
}

/** With a `passphrase`, the key is written encrypted with it. */
export function makeSelfSigned(dir: string, name: string, passphrase?: string): Pem {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  const keyProtection = passphrase === undefined ? ['-nodes'] : ['-passout', `pass:${passphrase}`];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', ...keyProtection, '-days', '2', '-subj', `/CN=${name}`,
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath],
    { stdio: 'ignore' },
  );
  return { certPath, keyPath, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}

/** HTTPS on a free loopback port, forwarding every request to `upstreamPort` over HTTP. */
export async function httpsFront(server: Pem, upstreamPort: number, clientCa?: Buffer): Promise<{ port: number; close(): Promise<void> }> {
  const https: Server = createServer(
    { cert: server.cert, key: server.key, ...(clientCa ? { ca: clientCa, requestCert: true, rejectUnauthorized: true } : {}) },
    (req, res) => {
      const upstream = request(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  return {
    port: (https.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        https.closeAllConnections();
        https.close(() => resolve());
      }),
  };
}
