// The exit statuses of `sesstop`, one table shared by the code, `--help` and the README.
// Nagios mode (`--warn-idle`/`--crit-idle` in batch mode) uses the Nagios plugin statuses instead.

export const EXIT = {
  ok: 0,
  usage: 1,
  unreachable: 2,
  auth: 3,
  partial: 4,
  notClosed: 5,
  audit: 6,
  internal: 70,
  output: 74,
  interrupted: 130,
  terminated: 143,
  hangup: 129,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const NAGIOS = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;
export type NagiosStatus = keyof typeof NAGIOS;

/** Rows of the documented exit-status table (README, `--help` epilogue). */
export const EXIT_CODE_TABLE: ReadonlyArray<{ code: number; meaning: string }> = [
  { code: EXIT.ok, meaning: 'success' },
  { code: EXIT.usage, meaning: 'usage error: unknown option, bad value, unusable config file, no terminal for a prompt' },
  { code: EXIT.unreachable, meaning: 'no host could be reached or gave a usable answer (refused, DNS, timeout, TLS, not a MaxScale, HTTP 5xx, a malformed answer)' },
  { code: EXIT.auth, meaning: 'authentication or permission failure (HTTP 401/403)' },
  { code: EXIT.partial, meaning: 'batch mode: some hosts failed, or with --iterations some polls; what the others gave was printed' },
  { code: EXIT.notClosed, meaning: 'close: at least one session was not closed (not found, declined, refused, error)' },
  { code: EXIT.audit, meaning: 'a close happened but the audit log could not be written (close command or interactive view)' },
  { code: EXIT.internal, meaning: 'internal error (a bug: please report it; SESSTOP_DEBUG=1 shows details)' },
  { code: EXIT.output, meaning: 'the output could not be written (disk full, I/O error); a close still went to the audit log first' },
  { code: EXIT.hangup, meaning: 'the terminal went away (SIGHUP, interactive view)' },
  { code: EXIT.interrupted, meaning: 'interrupted (Ctrl-C, SIGINT)' },
  { code: EXIT.terminated, meaning: 'terminated (SIGTERM)' },
];

export const NAGIOS_TABLE: ReadonlyArray<{ code: number; meaning: string }> = [
  { code: NAGIOS.ok, meaning: 'OK: no session idle longer than --warn-idle' },
  { code: NAGIOS.warning, meaning: 'WARNING: a session idle longer than --warn-idle' },
  { code: NAGIOS.critical, meaning: 'CRITICAL: a session idle longer than --crit-idle' },
  { code: NAGIOS.unknown, meaning: 'UNKNOWN: a host could not be polled (unless already CRITICAL), or a failure' },
];

export function formatExitTable(rows: ReadonlyArray<{ code: number; meaning: string }>): string {
  return rows.map((r) => `  ${String(r.code).padStart(3)}  ${r.meaning}`).join('\n');
}
