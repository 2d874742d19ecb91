// Runs the BUILT `sesstop` as a real child process, with HOME and XDG_STATE_HOME in a temp dir.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const BIN = join(ROOT, 'dist', 'bin', 'sesstop.js');

/** Builds once when dist is missing (the full run builds before testing). */
export function ensureBuilt(): void {
  if (!existsSync(BIN)) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** New session without a controlling terminal: /dev/tty cannot be opened. */
  detached?: boolean;
  cwd?: string;
  /** A file descriptor for the child's stdout instead of a pipe (e.g. /dev/full). */
  stdoutFd?: number;
}

/** A temp HOME (with XDG_STATE_HOME inside) removed by cleanup(). */
export function tempHome(): { home: string; state: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'sesstop-cli-'));
  return { home, state: join(home, 'state'), cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** The environment a test child gets: nothing inherited that could change sesstop's behaviour. */
export function baseEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_STATE_HOME: join(home, 'state'),
    LANG: 'C.UTF-8',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runSesstop(args: string[], home: string, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? home,
      env: baseEnv(home, opts.env),
      stdio: ['pipe', opts.stdoutFd ?? 'pipe', 'pipe'],
      detached: opts.detached ?? true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin?.end(opts.input ?? '');
  });
}
