// Starts the BUILT sesstop (`node dist/bin/sesstop.js`) in a pty, wrapped so that after it exits
// the same pty reports the exit status and `stty -a`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TerminalSession } from './terminal-session.js';
import { childPids, rssKiB } from './proc.js';
import { scanTerminalOutput, type ScanViolation } from './escape-scanner.js';
import { awaitWrapperReport, terminalRestoreProblems, wrapWithSttyReport, wrappedExitCode } from './restore-check.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built command; SESSTOP_E2E_BIN runs the suite against another build of it. */
export const SESSTOP_BIN = process.env.SESSTOP_E2E_BIN ?? fileURLToPath(new URL('../../../dist/bin/sesstop.js', import.meta.url));

export interface StartOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string>;
}

export class SesstopTerminal extends TerminalSession {
  private appPidCache: number | undefined;

  /** The node process running sesstop (a child of the bash wrapper). */
  appPid(): number {
    if (this.appPidCache === undefined) {
      const [pid] = childPids(this.pty.pid);
      if (pid === undefined) throw this.failure('sesstop process not found under the wrapper');
      this.appPidCache = pid;
    }
    return this.appPidCache;
  }

  rssKiB(): number {
    return rssKiB(this.appPid());
  }

  /** Sends a signal to sesstop itself (not to the wrapper). */
  signalApp(signal: NodeJS.Signals): void {
    process.kill(this.appPid(), signal);
  }

  /** Waits for sesstop to exit and the wrapper to report; returns sesstop's status (128+N for signal N). */
  async appExit(timeoutMs = 5000): Promise<number> {
    await awaitWrapperReport(this, timeoutMs);
    const code = wrappedExitCode(this.raw);
    if (code === undefined) throw this.failure('the wrapper did not report an exit status');
    return code;
  }

  /** Problems with the terminal after exit (call after appExit). */
  restoreProblems(): string[] {
    return terminalRestoreProblems(this);
  }

  /** Escape sequences and controls in what sesstop wrote that Ink and the alt-screen code never emit. */
  escapeViolations(): ScanViolation[] {
    return scanTerminalOutput(this.appOutput());
  }

  /** The raw log up to the wrapper's own report (sesstop's output only). */
  appOutput(): string {
    const end = this.raw.search(/\r?\nPROGRAM_EXIT=/);
    return end >= 0 ? this.raw.slice(0, end) : this.raw;
  }
}

export function startSesstop(args: string[], options: StartOptions = {}): SesstopTerminal {
  if (!existsSync(SESSTOP_BIN)) throw new Error(`${SESSTOP_BIN} is missing: run \`npm run build\` first`);
  const wrapped = wrapWithSttyReport([process.execPath, SESSTOP_BIN, ...args]);
  return new SesstopTerminal({
    command: wrapped.command,
    args: wrapped.args,
    cols: options.cols ?? 80,
    rows: options.rows ?? 24,
    cwd: REPO_ROOT,
    env: options.env,
  });
}
