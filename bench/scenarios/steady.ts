// steady: the real binary in a 200×50 pseudo-terminal polling a simulator (another process, wall
// clock, churn on) every second. CPU is user+sys of the sesstop process from /proc, sampled each
// second; bytes are everything it wrote to the terminal.
import { startSimProcess } from '../lib/children.js';
import { cpuSeconds, mainThreadCpuSeconds, statusMB } from '../lib/proc.js';
import { binExists, BIN_PATH, startPtyApp, waitForScreen } from '../lib/pty-app.js';
import { sleep } from '../lib/sleep.js';
import { atMost, skippedRow, type ResultRow, type Target } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext } from './context.js';

const CPU_LIMITS: Record<number, number> = { 1_000: 2, 10_000: 8 };
const SETTLE_MS = 4000;

const ROW_ID = /^[>* ]{0,2}\s*(\d+)\s/;
const rowIds = (lines: string[]): string[] => lines.flatMap((l) => ROW_ID.exec(l)?.[1] ?? []);
/** A screen showing sessions has many lines that start with a session id. */
const showsRows = (lines: string[]): boolean => rowIds(lines).length >= 10;
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

async function steadyOne(sessions: number, ctx: BenchContext): Promise<ResultRow[]> {
  const sim = await startSimProcess(sessions, 'wall', true);
  const app = startPtyApp(['-h', sim.target, '-d', '1']);
  try {
    const ready = await waitForScreen(app, showsRows, 30_000);
    if (app.exited()) throw new Error(`sesstop exited with ${app.exited()!.code}: ${app.screen().filter(Boolean).slice(-3).join(' | ')}`);
    await sleep(SETTLE_MS); // first polls, JIT warm-up
    const cpu: number[] = [];
    const rate: number[] = [];
    const t0 = performance.now();
    const cpu0 = cpuSeconds(app.pid);
    const main0 = mainThreadCpuSeconds(app.pid);
    const bytes0 = app.bytes();
    let [tPrev, cpuPrev, bytesPrev] = [t0, cpu0, bytes0];
    for (let i = 0; i < ctx.steadySeconds; i++) {
      await sleep(1000);
      const [t, c, b] = [performance.now(), cpuSeconds(app.pid), app.bytes()];
      cpu.push(((c - cpuPrev) / ((t - tPrev) / 1000)) * 100);
      rate.push((b - bytesPrev) / ((t - tPrev) / 1000));
      [tPrev, cpuPrev, bytesPrev] = [t, c, b];
    }
    const seconds = (tPrev - t0) / 1000;
    const cpuMean = ((cpuPrev - cpu0) / seconds) * 100;
    const mainMean = ((mainThreadCpuSeconds(app.pid) - main0) / seconds) * 100;
    const memory = `RSS ${statusMB(app.pid, 'VmRSS').toFixed(0)} MB, peak ${statusMB(app.pid, 'VmHWM').toFixed(0)} MB`;
    const bytesMean = (bytesPrev - bytes0) / seconds;
    const limit = CPU_LIMITS[sessions];
    const target: Target | undefined = limit === undefined ? undefined : atMost(cpuMean, limit, `≤ ${limit} % (mean)`);
    const screenNote = ready ? 'screen showed session rows' : 'WARNING: no session rows recognised on the screen';
    const screen = app.screen();
    const defects = screenDefects(screen);
    const cpuSummary = summarize(cpu);
    const rateSummary = summarize(rate);
    return [
      {
        scenario: 'steady CPU',
        sessions,
        unit: '%cpu',
        median: cpuMean,
        p95: cpuSummary.p95,
        runs: cpu.length,
        target: target?.text,
        pass: target?.pass,
        note:
          `median column = mean over ${seconds.toFixed(0)} s, p95 of 1-s samples (10 ms tick resolution); ` +
          `main thread ${mainMean.toFixed(1)} %, V8/libuv helper threads ${(cpuMean - mainMean).toFixed(1)} %; ${memory}; ${screenNote}`,
      },
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
        median: bytesMean,
        p95: rateSummary.p95,
        runs: rate.length,
        note: `median column = mean over ${seconds.toFixed(0)} s, p95 of 1-s samples`,
      },
    ];
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
    ctx.progress(`steady ${n} sessions, ${ctx.steadySeconds} s`);
    try {
      rows.push(...(await steadyOne(n, ctx)));
    } catch (e) {
      rows.push(skippedRow('steady CPU', n, '%cpu', `failed: ${(e as Error).message}`));
    }
  }
  return rows;
}
