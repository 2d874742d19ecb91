// The audit log: one JSON line per close attempt (interactive or `sesstop close`), appended to a
// file only the user can read. A failure to write it is the caller's to report, never silent.
import { constants } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { CloseOutcome } from '../api/safe-close.js';
import { sanitizeJsonText } from '../core/sanitize.js';

export type AuditVia = 'ui' | 'close-command';

export interface AuditRecord {
  time: string;
  osUser: string;
  target: string;
  /** The session as the user saw it when confirming. */
  session: {
    id: number;
    user: string | null;
    address: string | null;
    port?: number;
    service: string | null;
    connected: string | null;
    idle: number | null;
  };
  result: CloseOutcome['result'];
  message: string;
  via: AuditVia;
  ttl?: number;
}

export function osUserName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment, then the uid.
    return env.USER ?? env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

export function auditRecord(outcome: CloseOutcome, via: AuditVia, opts: { ttl?: number; now?: Date } = {}): AuditRecord {
  // The session as the user saw it when confirming (callers give it so: see sessionAsOf).
  const s = outcome.session;
  return {
    time: (opts.now ?? new Date()).toISOString(),
    osUser: osUserName(),
    target: s.target,
    session: {
      id: s.id,
      user: s.user,
      address: s.address,
      ...(s.port !== undefined ? { port: s.port } : {}),
      service: s.service,
      connected: s.connected === null ? null : s.connected.toISOString(),
      idle: s.idle,
    },
    result: outcome.result,
    message: outcome.message,
    via,
    ...(opts.ttl ? { ttl: opts.ttl } : {}),
  };
}

export class AuditWriteError extends Error {
  constructor(path: string, cause: unknown) {
    const e = cause as NodeJS.ErrnoException;
    // `EISDIR (illegal operation on a directory)`: the code, and what it means without the path.
    const why = cause instanceof Error && e.code ? `${e.code} (${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')})` : String(cause);
    super(`could not write the audit log ${path}: ${why}`);
    this.name = 'AuditWriteError';
  }
}

/**
 * Creates a directory and any missing parents (0700), one level at a time: Node's recursive
 * mkdir never returns for some paths (under /proc), which would hang a close on its audit line.
 */
async function makeDirectory(dir: string, depth = 0): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir || depth > 64) throw error;
    await makeDirectory(dirname(dir), depth + 1);
    await mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}

// Append, create 0600 when missing, and never block on opening: a FIFO without a reader fails at
// once (ENXIO) instead of holding a libuv thread, and with it the process's exit, for ever.
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;

async function appendLine(path: string, text: string): Promise<void> {
  try {
    await makeDirectory(dirname(path));
    await appendFile(path, text, { mode: 0o600, flag: APPEND_FLAGS });
  } catch (error) {
    throw new AuditWriteError(path, error);
  }
}

/** Appends one line; creates the directory (0700) and the file (0600) when missing. */
export async function appendAuditRecord(path: string, record: AuditRecord): Promise<void> {
  // JSON.stringify escapes C0 controls; sanitizeJsonText escapes C1/bidi so `cat audit.log` is safe.
  await appendLine(path, sanitizeJsonText(JSON.stringify(record)) + '\n');
}

/** Creates the audit log (and its directory) if missing and checks it can be appended to. */
export async function checkAuditLog(path: string): Promise<void> {
  await appendLine(path, '');
}

/** The audit writer given to the UI and the close command; a no-op with --no-audit. */
export function createAuditor(path: string | null, via: AuditVia): (outcome: CloseOutcome, ttl?: number) => Promise<void> {
  return async (outcome, ttl) => {
    if (path === null) return;
    await appendAuditRecord(path, auditRecord(outcome, via, { ttl }));
  };
}
