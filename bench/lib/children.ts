// Child processes of the bench: a simulator, or a measured worker. Each is started here and
// stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { DIST_DIR } from './project.js';

/** The simulator's default account. */
export const SIM_USER = 'admin';
export const SIM_PASSWORD = 'mariadb';

export interface SimProcess {
  url: string;
  /** host:port, the form `-h` and `createClient({target})` take. */
  target: string;
  pid: number;
  /** Moves a manual clock on (sessions idle, work, arrive and leave); resolves once done. */
  advance(seconds: number): Promise<void>;
  /** How many session-list polls the simulator has served so far (from any client). */
  polls(): Promise<number>;
  stop(): Promise<void>;
}

/** The first line a child prints, parsed as JSON; rejects if the child exits first. */
export function firstJsonLine<T>(child: ChildProcess, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`child ${child.pid} printed nothing in ${timeoutMs} ms`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`child ${child.pid} printed ${line.slice(0, 200)}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startSimProcess(sessions: number, clock: 'manual' | 'wall', churn: boolean): Promise<SimProcess> {
  const child = spawn(process.execPath, [join(DIST_DIR, 'bench', 'sim-server.js'), String(sessions), clock, churn ? 'churn' : 'steady'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const msg = await firstJsonLine<{ url?: string; error?: string }>(child);
  if (!msg.url) {
    await stopChild(child);
    throw new Error(msg.error ?? 'simulator printed no url');
  }
  const u = new URL(msg.url);
  const replies = createInterface({ input: child.stdout! });
  /** Sends one command line; its one-line answer must match `expected`. */
  const ask = (command: string, expected: RegExp) =>
    new Promise<string>((resolve, reject) => {
      replies.once('line', (line) => (expected.test(line) ? resolve(line) : reject(new Error(`simulator: ${line}`))));
      child.stdin!.write(`${command}\n`);
    });
  const advance = async (seconds: number) => {
    await ask(`advance ${seconds}`, /^ok$/);
  };
  const polls = async () => Number(await ask('polls', /^\d+$/));
  return { url: msg.url, target: u.host, pid: child.pid!, advance, polls, stop: () => stopChild(child) };
}
