// From settings to REST clients: the password (asked for when `-p ''`), TLS files, one client per
// host. (The kind of each host's last error, which exit codes need, is in the pool's health.)
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient } from '../api/client.js';
import { ApiError, type SessionsClient, type TlsOptions } from '../api/types.js';
import { CliError, usageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { PASSWORD_ENV, type ConnectionSettings } from './settings.js';
import { openTerminal, promptHidden } from './terminal.js';

/** The password to use: asks on the terminal, without echo, when it resolved to ''. */
export async function obtainPassword(settings: ConnectionSettings): Promise<string> {
  if (!settings.promptPassword) return settings.password;
  const term = openTerminal();
  if (term === null) {
    throw usageError(`${settings.passwordSource} asks for the password, but there is no terminal to ask on`, `set ${PASSWORD_ENV} or give -p PASSWORD`);
  }
  try {
    const answer = await promptHidden(term, 'Enter password: ');
    if (answer === null) throw new CliError('cancelled', EXIT.interrupted);
    return answer;
  } finally {
    term.release();
  }
}

function readPem(path: string | undefined, flag: string): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw usageError(`${flag}: cannot read ${path}: ${code}`, 'check the file name and its permissions');
  }
}

/**
 * Checks at start-up that the client key can be used (decrypted with the passphrase when it is
 * encrypted): otherwise every request would fail with OpenSSL's "bad decrypt".
 */
function checkKey(key: Buffer, path: string, passphrase: string | undefined): void {
  try {
    createPrivateKey({ key, format: 'pem', passphrase: passphrase ?? '' });
  } catch {
    // Without a passphrase, an encrypted key fails here just as a key that is not one does.
    const encrypted = /-----BEGIN (?:ENCRYPTED PRIVATE KEY|[A-Z ]+ PRIVATE KEY-----[\s\S]*?Proc-Type: 4,ENCRYPTED)/.test(key.toString('latin1'));
    if (encrypted && passphrase === undefined) throw usageError(`--tls-key: ${path} is encrypted`, 'give its passphrase with --tls-passphrase');
    if (encrypted) throw usageError(`--tls-passphrase does not decrypt ${path}`, 'check the passphrase');
    throw usageError(`--tls-key: ${path} is not a private key in PEM format`, 'give the PEM key that goes with --tls-cert');
  }
}

/** The (first) certificate of a PEM file, or a usage error that says what the file should be. */
function checkCertificate(pem: Buffer, path: string, flag: string, should: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw usageError(`${flag}: ${path} is not a certificate in PEM format`, should);
  }
}

export function tlsOptions(settings: ConnectionSettings): TlsOptions {
  const { keyPath, certPath, caPath, passphrase } = settings.tls;
  const key = readPem(keyPath, '--tls-key');
  if (key !== undefined) checkKey(key, keyPath!, passphrase);
  const ca = readPem(caPath, '--tls-ca-cert');
  if (ca !== undefined) checkCertificate(ca, caPath!, '--tls-ca-cert', 'give the PEM certificate of the CA that signed the server certificate');
  const cert = readPem(certPath, '--tls-cert');
  if (cert !== undefined && key !== undefined) {
    const x509 = checkCertificate(cert, certPath!, '--tls-cert', 'give the PEM client certificate that goes with --tls-key');
    // Otherwise every request would fail with OpenSSL's "key values mismatch".
    if (!x509.checkPrivateKey(createPrivateKey({ key, format: 'pem', passphrase: passphrase ?? '' }))) {
      throw usageError(`--tls-key ${keyPath} is not the key of --tls-cert ${certPath}`, 'give the key and certificate that belong together');
    }
  }
  return {
    ca,
    cert,
    key,
    passphrase: settings.tls.passphrase,
    verify: settings.tls.verify,
  };
}

export function createClients(hosts: readonly string[], settings: ConnectionSettings, password: string): SessionsClient[] {
  const tls = tlsOptions(settings);
  return hosts.map((target) => {
    try {
      return createClient({
        target,
        user: settings.user,
        password,
        secure: settings.secure,
        tls,
        timeoutMs: settings.timeoutMs,
        dialect: settings.api,
      });
    } catch (error) {
      if (error instanceof ApiError) throw usageError(error.message);
      throw error;
    }
  });
}
