// From settings to REST clients: the password (asked for when `-p ''`), TLS files, one client per
// host. (The kind of each host's last error, which exit codes need, is in the pool's health.)
import { createPrivateKey } from 'node:crypto';
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
    throw usageError("-p '' asks for the password, but there is no terminal to ask on", `set ${PASSWORD_ENV} or give -p PASSWORD`);
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

export function tlsOptions(settings: ConnectionSettings): TlsOptions {
  const key = readPem(settings.tls.keyPath, '--tls-key');
  if (key !== undefined) checkKey(key, settings.tls.keyPath!, settings.tls.passphrase);
  return {
    ca: readPem(settings.tls.caPath, '--tls-ca-cert'),
    cert: readPem(settings.tls.certPath, '--tls-cert'),
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
