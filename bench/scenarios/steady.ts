// steady: the real binary in a 200×50 pseudo-terminal polling a simulator (another process, wall
// clock, churn on) every second. CPU is user+sys of the sesstop process from /proc, sampled each
// second; bytes are everything it wrote to the terminal.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { firstJsonLine, startSimProcess, stopChild, type SimProcess } from '../lib/children.js';
import { DIST_DIR } from '../lib/project.js';
import { cpuSeconds, mainThreadCpuSeconds, statusMB } from '../lib/proc.js';
import { binExists, BIN_PATH, rowIds, showsRows, startPtyApp, waitForScreen, type PtyApp } from '../lib/pty-app.js';
import { sleep } from '../lib/sleep.js';
import { atMost, skippedRow, type ResultRow, type Target } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext } from './context.js';

const CPU_LIMITS: Record<number, number> = { 1_000: 2, 10_000: 8 };
const SETTLE_MS = 4000;
/**
 * At one poll a second V8 keeps finding newly hot functions and compiling them on its helper
 * threads for the first minutes (bench/profile-jit.js lists them): the first window holds that
 * warm-up, the second starts after it, as sesstop runs all day.
 */
const WARM_FROM_MS = 120_000;

/**
 * What a terminal really shows can differ from what the UI meant (a renderer writing lines at
 * the wrong row): the same session twice, or the title line not on top, means a corrupt screen.
 */
function screenDefects(lines: string[]): string[] {
  const ids = rowIds(lines);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  const defects: string[] = [];
  if (dup.length) defects.push(`session row(s) shown twice: ${[...new Set(dup)].slice(0, 5).join(', ')}`);
  if (!lines[0]?.startsWith('sesstop')) defects.push(`top line is "${lines[0]?.slice(0, 40)}"`);
  const sessionsLines = lines.filter((l) => /^\d+ sessions/.test(l)).length;
  if (sessionsLines > 1) defects.push(`${sessionsLines} header lines "N sessions"`);
  return defects;
}

interface CpuWindow {
  /** Seconds after the first screen with sessions at which the window started. */
  from: number;
  seconds: number;
  cpuMean: number;
  mainMean: number;
  cpu: number[];
  bytesMean: number;
  rate: number[];
  /** List polls a second the simulator served meanwhile (all of them this process's). */
  pollRate: number;
}

/** CPU (all threads and the main one) and terminal bytes of the running command over `seconds`. */
async function watch(app: PtyApp, sim: SimProcess, seconds: number, from: number): Promise<CpuWindow> {
  const polls0 = await sim.polls();
  const cpu: number[] = [];
  const rate: number[] = [];
  const t0 = performance.now();
  const cpu0 = cpuSeconds(app.pid);
  const main0 = mainThreadCpuSeconds(app.pid);
  const bytes0 = app.bytes();
  let [tPrev, cpuPrev, bytesPrev] = [t0, cpu0, bytes0];
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    const [t, c, b] = [performance.now(), cpuSeconds(app.pid), app.bytes()];
    cpu.push(((c - cpuPrev) / ((t - tPrev) / 1000)) * 100);
    rate.push((b - bytesPrev) / ((t - tPrev) / 1000));
    [tPrev, cpuPrev, bytesPrev] = [t, c, b];
  }
  const elapsed = (tPrev - t0) / 1000;
  const pollRate = ((await sim.polls()) - polls0) / elapsed;
  return {
    pollRate,
    from,
    seconds: elapsed,
    cpuMean: ((cpuPrev - cpu0) / elapsed) * 100,
    mainMean: ((mainThreadCpuSeconds(app.pid) - main0) / elapsed) * 100,
    cpu,
    bytesMean: (bytesPrev - bytes0) / elapsed,
    rate,
  };
}

/** CPU of the floor process (bench/steady-floor.ts) polling `sim` as sesstop does, over `seconds`. */
async function floorCpu(sim: SimProcess, seconds: number): Promise<Floor> {
  const child = spawn(process.execPath, [join(DIST_DIR, 'bench', 'steady-floor.js'), sim.target, '1000'], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const { requests, error } = await firstJsonLine<{ requests?: number; error?: string }>(child);
    if (requests === undefined) throw new Error(`floor process: ${error ?? 'no request count'}`);
    await sleep(SETTLE_MS);
    const t0 = performance.now();
    const [cpu0, polls0] = [cpuSeconds(child.pid!), await sim.polls()];
    await sleep(seconds * 1000);
    const elapsed = (performance.now() - t0) / 1000;
    return { mean: ((cpuSeconds(child.pid!) - cpu0) / elapsed) * 100, requests, pollRate: ((await sim.polls()) - polls0) / elapsed };
  } finally {
    await stopChild(child);
  }
}

interface Floor {
  mean: number;
  requests: number;
  pollRate: number;
}

function cpuRow(sessions: number, scenario: string, w: CpuWindow, why: string, memory: string, floor: Floor | undefined): ResultRow {
  const limit = CPU_LIMITS[sessions];
  const target: Target | undefined = limit === undefined ? undefined : atMost(w.cpuMean, limit, `≤ ${limit} % (mean)`);
  return {
    scenario,
    sessions,
    unit: '%cpu',
    median: w.cpuMean,
    p95: summarize(w.cpu).p95,
    runs: w.cpu.length,
    ...(floor ? { floor: `raw GET + JSON.parse, ${floor.requests} requests a poll, 1 s between polls, own process`, floorMedian: floor.mean, ratio: w.cpuMean / floor.mean } : {}),
    target: target?.text,
    pass: target?.pass,
    note:
      `${why}; median column = mean over ${w.seconds.toFixed(0)} s from ${w.from} s after the first screen, p95 of 1-s samples ` +
      `(10 ms tick resolution); main thread ${w.mainMean.toFixed(1)} %, V8/libuv helper threads ${(w.cpuMean - w.mainMean).toFixed(1)} %; ` +
      `${w.pollRate.toFixed(2)} polls/s${floor ? ` (floor ${floor.pollRate.toFixed(2)})` : ''}; ${memory}`,
  };
}

async function steadyOne(sessions: number, ctx: BenchContext): Promise<ResultRow[]> {
  const sim = await startSimProcess(sessions, 'wall', true);
  // The floor first, alone on the machine with the same simulator (a failure costs only the column).
  let floor: Floor | undefined;
  try {
    floor = await floorCpu(sim, ctx.steadySeconds);
  } catch (e) {
    ctx.progress(`steady ${sessions}: floor not measured: ${(e as Error).message}`);
  }
  const app = startPtyApp(['-h', sim.target, '-d', '1']);
  try {
    const ready = await waitForScreen(app, showsRows, 30_000);
    if (app.exited()) throw new Error(`sesstop exited with ${app.exited()!.code}: ${app.screen().filter(Boolean).slice(-3).join(' | ')}`);
    const shown = performance.now();
    await sleep(SETTLE_MS); // the first polls
    const early = await watch(app, sim, ctx.steadySeconds, SETTLE_MS / 1000);
    let warm: CpuWindow | undefined;
    if (!ctx.quick) {
      await sleep(Math.max(0, WARM_FROM_MS - (performance.now() - shown)));
      warm = await watch(app, sim, ctx.steadySeconds, WARM_FROM_MS / 1000);
    }
    const memory = `RSS ${statusMB(app.pid, 'VmRSS').toFixed(0)} MB, peak ${statusMB(app.pid, 'VmHWM').toFixed(0)} MB`;
    const screenNote = ready ? 'screen showed session rows' : 'WARNING: no session rows recognised on the screen';
    const screen = app.screen();
    const defects = screenDefects(screen);
    const bytes = warm ?? early;
    const rows: ResultRow[] = [
      cpuRow(sessions, 'steady CPU, start', early, 'includes V8 compiling the code that has become hot (JIT warm-up)', `${memory}; ${screenNote}`, floor),
    ];
    if (warm) rows.push(cpuRow(sessions, 'steady CPU, warm', warm, 'after the first minutes of JIT warm-up', memory, floor));
    rows.push(
      {
        scenario: 'steady screen integrity',
        sessions,
        unit: 'count',
        median: defects.length,
        p95: null,
        runs: 1,
        target: 'no defect',
        pass: defects.length === 0,
        note: defects.length
          ? `defects in the pty screen (xterm): ${defects.join('; ')}; screen rows 1-4: ${screen.slice(0, 4).map((l) => JSON.stringify(l.slice(0, 60))).join(' ')}`
          : 'pty screen (xterm) consistent: no session shown twice, title on top',
      },
      {
        scenario: 'steady terminal bytes',
        sessions,
        unit: 'B/s',
        median: bytes.bytesMean,
        p95: summarize(bytes.rate).p95,
        runs: bytes.rate.length,
        note: `median column = mean over ${bytes.seconds.toFixed(0)} s from ${bytes.from} s after the first screen, p95 of 1-s samples`,
      },
    );
    return rows;
  } finally {
    await app.quit();
    await sim.stop();
  }
}

export async function steadyScenario(ctx: BenchContext): Promise<ResultRow[]> {
  const sizes = [1_000, 10_000];
  if (!binExists()) return sizes.map((n) => skippedRow('steady CPU', n, '%cpu', `skipped: ${BIN_PATH} not built yet`));
  const rows: ResultRow[] = [];
  for (const n of sizes) {
    ctx.progress(`steady ${n} sessions, ${ctx.quick ? `${ctx.steadySeconds} s` : `${ctx.steadySeconds} s, then again from ${WARM_FROM_MS / 1000} s`}`);
    try {
      rows.push(...(await steadyOne(n, ctx)));
    } catch (e) {
      rows.push(skippedRow('steady CPU', n, '%cpu', `failed: ${(e as Error).message}`));
    }
  }
  return rows;
}
