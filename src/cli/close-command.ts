// `sesstop close ID…`: look each session up, show it, confirm on the terminal (unless --yes),
// close it through safeCloseSession (which re-reads it and refuses a changed session), report
// and audit every result. Never guesses the host: an id found on two hosts, or not checkable on
// one, must be named with HOST:PORT:ID.
import type { SessionsClient } from '../api/types.js';
import { ApiError } from '../api/types.js';
import { safeCloseSession, type CloseOutcome } from '../api/safe-close.js';
import type { Session } from '../core/model.js';
import { formatDuration } from '../core/format.js';
import { sessionAsOf } from '../core/session-time.js';
import { sanitize } from '../core/sanitize.js';
import { AuditWriteError, checkAuditLog, createAuditor } from './audit.js';
import { CliError, exitCodeForApiError, usageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { LineWriter } from './output.js';
import { parseSessionRef, sameTarget, type SessionRef } from './session-ref.js';
import type { ConnectionSettings } from './settings.js';
import { askYesNo, openTerminal, type Terminal } from './terminal.js';
import { parseCount } from './values.js';

/** The longest --ttl taken: nine digits of seconds. */
export const MAX_TTL_SECONDS = 999_999_999;

export interface CloseRequest {
  refs: SessionRef[];
  ttl?: number;
  yes: boolean;
}

export function parseCloseRequest(argv: Record<string, unknown>): CloseRequest {
  const ids = ([] as unknown[]).concat(argv.ids ?? []).map(String);
  const refs: SessionRef[] = [];
  for (const text of ids) {
    const ref = parseSessionRef(text);
    if (!refs.some((r) => r.id === ref.id && r.target === ref.target)) refs.push(ref);
  }
  const ttlValue = argv.ttl === undefined ? undefined : String(([] as unknown[]).concat(argv.ttl).at(-1));
  // MaxScale reads the ttl as a whole number of seconds; ~31 years is more than anyone means.
  const ttl = ttlValue === undefined ? undefined : parseCount(ttlValue, '--ttl', { max: MAX_TTL_SECONDS });
  return { refs, ttl: ttl === 0 ? undefined : ttl, yes: argv.yes === true };
}

/** One line describing a session as the user will confirm it (all server text sanitised). */
export function describeSession(s: Session): string {
  const who = `${s.user === null ? '?' : sanitize(s.user, 64)}@${s.address === null ? '?' : sanitize(s.address, 64)}`;
  const parts = [who];
  if (s.service !== null) parts.push(`service ${sanitize(s.service, 64)}`);
  parts.push(`idle ${formatDuration(s.idle)}`);
  if (s.connected !== null) parts.push(`connected ${s.connected.toISOString()}`);
  return `session ${s.id} on ${sanitize(s.target, 80)} (${parts.join(', ')})`;
}

interface Failure {
  exitCode: number;
}

type Lookup = { ok: true; client: SessionsClient; session: Session } | { ok: false; message: string; exitCode: number };

async function lookUp(ref: SessionRef, clients: readonly SessionsClient[]): Promise<Lookup> {
  const candidates = ref.target === null ? clients : clients.filter((c) => c.target === ref.target);
  const answers = await Promise.all(
    candidates.map((client) =>
      client.getSession(ref.id).then(
        (session) => ({ client, session, error: null }),
        (error: unknown) => ({ client, session: null, error }),
      ),
    ),
  );
  const found = answers.filter((a) => a.session !== null);
  const failed = answers.filter((a) => a.error !== null && !(a.error instanceof ApiError && a.error.kind === 'not-found'));
  const failedText = failed.map((a) => (a.error instanceof ApiError ? a.error.message : String(a.error))).join('; ');
  const shown = sanitize(ref.text, 80);
  if (found.length > 1) {
    const where = found.map((a) => a.client.target).join(' and ');
    return { ok: false, exitCode: EXIT.notClosed, message: `session ${ref.id} exists on ${where}: name the host, e.g. ${found[0].client.target}:${ref.id}` };
  }
  if (found.length === 1 && failed.length > 0) {
    const at = found[0].client.target;
    return {
      ok: false,
      exitCode: EXIT.notClosed,
      message: `session ${ref.id} is on ${at}, but other hosts could not be checked (${failedText}); to close this one, name it: ${at}:${ref.id}`,
    };
  }
  if (found.length === 1) return { ok: true, client: found[0].client, session: found[0].session as Session };
  if (failed.length > 0) {
    const codes = failed.map((a) => (a.error instanceof ApiError ? exitCodeForApiError(a.error) : EXIT.unreachable));
    return { ok: false, exitCode: codes.every((c) => c === codes[0]) ? codes[0] : EXIT.notClosed, message: `could not look up ${shown}: ${failedText}` };
  }
  const where = candidates.map((c) => c.target).join(', ');
  return { ok: false, exitCode: EXIT.notClosed, message: `no session ${ref.id} on ${where}` };
}

export interface CloseContext {
  settings: ConnectionSettings;
  request: CloseRequest;
  /** Clients for settings.hosts; more are created for hosts named only in a reference. */
  clientFor(target: string): SessionsClient;
  out: LineWriter;
  err: LineWriter;
}

/**
 * Picks the client of the host a reference names, matching `127.0.0.1` to `127.0.0.1:8989` (a
 * bare id names the only host there is), and drops a session named twice in different spellings.
 */
function resolveRefTargets(refs: SessionRef[], hosts: readonly string[], secure: boolean): SessionRef[] {
  const resolved: SessionRef[] = [];
  for (const ref of refs) {
    let target = ref.target;
    if (target === null) target = hosts.length === 1 ? hosts[0] : null;
    else target = hosts.find((h) => sameTarget(h, target as string, secure)) ?? target;
    if (!resolved.some((r) => r.id === ref.id && r.target === target)) resolved.push({ ...ref, target });
  }
  return resolved;
}

export async function runClose(ctx: CloseContext): Promise<number> {
  const { settings, request, out, err } = ctx;
  if (settings.readOnly) {
    throw usageError('closing is disabled by --read-only (or read-only in the config file)', 'drop --read-only to close sessions');
  }
  let term: Terminal | null = null;
  if (!request.yes) {
    term = openTerminal();
    if (term === null) throw usageError('close asks for confirmation, but there is no terminal', 'add --yes to close without asking');
  }
  // Nothing is closed that could not be audited: the log must take a line before any question or DELETE.
  if (settings.auditPath !== null) {
    try {
      await checkAuditLog(settings.auditPath);
    } catch (error) {
      term?.release();
      if (!(error instanceof AuditWriteError)) throw error;
      throw new CliError(`${error.message}; nothing was closed — fix the path, or give --audit-log FILE or --no-audit`, EXIT.usage);
    }
  }
  const refs = resolveRefTargets(request.refs, settings.hosts, settings.secure);
  const hostClients = settings.hosts.map((h) => ctx.clientFor(h));
  const audit = createAuditor(settings.auditPath, 'close-command');
  const failures: Failure[] = [];
  let auditFailed = false;

  try {
    for (const ref of refs) {
      const clients = ref.target === null ? hostClients : [ctx.clientFor(ref.target)];
      const lookup = await lookUp(ref, clients);
      if (!lookup.ok) {
        err.line(`sesstop: ${lookup.message}`);
        failures.push({ exitCode: lookup.exitCode });
        continue;
      }
      // The session as the question shows it, its idle time as of now: what the audit log records.
      const seen = sessionAsOf(lookup.session, Date.now());
      const description = describeSession(seen);
      if (term !== null) {
        const yes = await askYesNo(term, `Close ${description}? [y/N] `);
        if (yes === null) throw new CliError('cancelled', EXIT.interrupted);
        if (!yes) {
          err.line(`sesstop: not closed: ${description} (declined)`);
          failures.push({ exitCode: EXIT.notClosed });
          continue;
        }
      }
      const outcome = await safeCloseSession(lookup.client, seen, { ttl: request.ttl });
      // The audit line first: an output that cannot be written must not lose it.
      try {
        await audit(outcome, request.ttl);
      } catch (error) {
        if (!(error instanceof AuditWriteError)) throw error;
        err.line(`sesstop: ${error.message}`);
        auditFailed = true;
      }
      report(outcome, description, out, err, failures);
    }
  } finally {
    term?.release();
  }

  if (failures.length > 0) {
    const first = failures[0].exitCode;
    return failures.every((f) => f.exitCode === first) ? first : EXIT.notClosed;
  }
  return auditFailed ? EXIT.audit : EXIT.ok;
}

function report(outcome: CloseOutcome, description: string, out: LineWriter, err: LineWriter, failures: Failure[]): void {
  const message = sanitize(outcome.message, 400);
  switch (outcome.result) {
    case 'closed':
      out.line(`closed ${description}`);
      return;
    case 'scheduled':
    case 'already-gone':
      out.line(message);
      return;
    case 'refused':
      err.line(`sesstop: ${message}`);
      failures.push({ exitCode: EXIT.notClosed });
      return;
    case 'error':
      err.line(outcome.uncertain ? `sesstop: ${message}` : `sesstop: not closed: ${message}`);
      failures.push({ exitCode: outcome.error && isAuth(outcome.error) ? EXIT.auth : EXIT.notClosed });
      return;
  }
}

function isAuth(error: ApiError): boolean {
  return error.kind === 'auth' || error.kind === 'forbidden';
}
