// Interactive mode: hands the pool to the Ink UI (loaded only here, so batch mode never loads
// React) with the audit log as the close hook.
import type { SessionPool } from '../api/pool.js';
import type { CloseOutcome } from '../api/safe-close.js';
import { createAuditor } from './audit.js';
import type { TopSettings } from './settings.js';
import { openTerminal } from './terminal.js';
import { usageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { startHeapPolicy, heapPolicyWanted } from './heap.js';

/** How long a close waits for its audit line before it is reported as not audited. */
export const AUDIT_WAIT_MS = 10_000;

export async function runInteractive(pool: SessionPool, settings: TopSettings, label: string | undefined): Promise<number> {
  let heapPolicy: (sessions: number) => void;
  try {
    heapPolicy = startHeapPolicy(undefined, heapPolicyWanted());
  } catch (error) {
    throw usageError((error as Error).message, 'or leave it unset');
  }
  // Keys need a terminal: stdin, or /dev/tty when stdin is a pipe.
  const term = process.stdin.isTTY ? null : openTerminal();
  if (!process.stdin.isTTY && term === null) {
    throw usageError('the interactive view needs a terminal for its keys', 'use --once for batch output');
  }
  const audit = createAuditor(settings.auditPath, 'ui');
  // The UI shows an audit failure in its footer; it is also repeated on stderr after the UI
  // ends (a footer message can be replaced by the next one), and the exit status says so.
  const auditFailures: string[] = [];
  const auditOrRemember = async (outcome: CloseOutcome): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    // A hung file system (a dead NFS mount) must not hold the close, and `q`, for ever.
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the audit log ${settings.auditPath} took more than ${AUDIT_WAIT_MS / 1000} s to write (a hung file system?); its line may be missing`)),
        AUDIT_WAIT_MS,
      );
    });
    const writing = audit(outcome);
    writing.catch(() => undefined); // a write that fails after the wait ended is already reported
    try {
      await Promise.race([writing, slow]);
    } catch (error) {
      auditFailures.push(error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  const { runUi } = await import('../ui/run.js');
  let code: number;
  try {
    code = await runUi({
      pool,
      intervalSec: settings.intervalSec,
      sort: settings.sort,
      descending: settings.descending,
      filter: settings.filterText,
      minIdle: settings.minIdle,
      readOnly: settings.readOnly,
      color: settings.color,
      idleWarnSec: settings.warnIdle,
      idleCritSec: settings.critIdle,
      onCloseOutcome: auditOrRemember,
      onPolled: heapPolicy,
      label,
      ...(term ? { stdin: term.input } : {}),
    });
  } finally {
    term?.release();
  }
  if (auditFailures.length > 0) {
    const n = auditFailures.length;
    process.stderr.write(`sesstop: ${auditFailures[n - 1]} (${n} close${n === 1 ? ' was' : 's were'} not audited)\n`);
    if (code === EXIT.ok) code = EXIT.audit;
  }
  return code;
}
