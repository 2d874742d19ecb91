// From settings to REST clients: the password (asked for when `-p ''`), TLS files, one client per
// host. (The kind of each host's last error, which exit codes need, is in the pool's health.)
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

export function tlsOptions(settings: ConnectionSettings): TlsOptions {
  return {
    ca: readPem(settings.tls.caPath, '--tls-ca-cert'),
    cert: readPem(settings.tls.certPath, '--tls-cert'),
    key: readPem(settings.tls.keyPath, '--tls-key'),
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
