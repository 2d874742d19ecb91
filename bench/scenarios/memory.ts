// memory: the real binary in a 200×50 pseudo-terminal, polling 100k sessions (10k in a quick
// run) every second, in each dialect: peak RSS (VmHWM) over 60 polls and RSS early versus late
// (flat?). The simulator runs in its own process on the wall clock with churn, so every poll
// brings new data, and counts the polls it serves.
// Then a worker without the UI (bench/memory-worker.ts: the client, the UI's reducer, row
// formatting) polls back to back with a full GC at poll 20 and at the end: the live heap, what
// the data really needs, and whether it grows (a leak) rather than garbage V8 has not collected.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Dialect } from '../../src/core/model.js';
import { firstJsonLine, startSimProcess, stopChild, type SimProcess } from '../lib/children.js';
import { statusMB } from '../lib/proc.js';
import { DIST_DIR } from '../lib/project.js';
import { binExists, showsRows, startPtyApp, waitForScreen } from '../lib/pty-app.js';
import { atMost, skippedRow, type ResultRow } from '../lib/report.js';
import { sleep } from '../lib/sleep.js';
import type { BenchContext } from './context.js';

const CHECKPOINT = 20;
const POLLS = 60;
/** How often the pty app's RSS is read while it polls. */
const SAMPLE_MS = 100;
const RSS_LIMIT_MB = 150;
/** "Flat": the highest RSS of the last polls may exceed that of the early polls by this share at most. */
const FLAT_GROWTH = 0.1;
/**
 * RSS between polls is a saw-tooth (garbage, then a GC): compare the highest RSS of two windows,
 * polls 5–20 and 45–60, not two single samples. The full GC at poll 20 (live heap) has been
 * followed by 25 polls by then.
 */
const EARLY = [5, 20] as const;
const LATE = [45, 60] as const;
const windowMax = (rss: number[], [from, to]: readonly [number, number]) => Math.max(...rss.slice(from - 1, to));

interface WorkerResult {
  baseline: number;
  peak: number;
  heapAtEnd: number;
  liveHeap: number;
  liveHeapAtCheckpoint: number;
  sessions: number;
  seconds: number;
  error?: string;
}

async function runWorker(target: string, dialect: Dialect, polls: number, checkpoint: number): Promise<WorkerResult> {
  const worker = spawn(process.execPath, ['--expose-gc', join(DIST_DIR, 'bench', 'memory-worker.js'), target, dialect, String(polls), String(checkpoint)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const r = await firstJsonLine<WorkerResult>(worker, 600_000);
    if (r.error) throw new Error(r.error);
    return r;
  } finally {
    await stopChild(worker);
  }
}

interface AppResult {
  peak: number;
  /** Highest RSS seen while poll k (index k − 1) was the latest the app had started. */
  rssByPoll: number[];
  /** RSS once the first rows were on the screen. */
  shownRss: number;
  seconds: number;
}

/** Runs sesstop in a terminal until it has started `polls + 1` polls (so `polls` have completed). */
async function runApp(sim: SimProcess, dialect: Dialect, polls: number): Promise<AppResult> {
  const before = await sim.polls();
  const started = performance.now();
  const app = startPtyApp(['-h', sim.target, '-d', '1', '--api', dialect]);
  try {
    const shown = await waitForScreen(app, showsRows, 120_000);
    const exited = app.exited();
    if (exited) throw new Error(`sesstop exited with ${exited.code}: ${app.screen().filter(Boolean).slice(-2).join(' | ')}`);
    if (!shown) throw new Error('no session rows on the screen within 120 s');
    const shownRss = statusMB(app.pid, 'VmRSS');
    const rssByPoll: number[] = [];
    const deadline = performance.now() + polls * 10_000;
    for (;;) {
      const latest = (await sim.polls()) - before;
      if (latest > polls) break;
      if (performance.now() > deadline) throw new Error(`only ${latest} polls in ${polls * 10} s`);
      const rss = statusMB(app.pid, 'VmRSS');
      // A poll that came and went between two samples gets the next sample (no holes to compare).
      for (let k = rssByPoll.length; k < latest - 1; k++) rssByPoll[k] = rss;
      if (latest >= 1) rssByPoll[latest - 1] = Math.max(rssByPoll[latest - 1] ?? 0, rss);
      await sleep(SAMPLE_MS);
    }
    return { peak: statusMB(app.pid, 'VmHWM'), rssByPoll, shownRss, seconds: (performance.now() - started) / 1000 };
  } finally {
    await app.quit();
  }
}

function appRows(sessions: number, dialect: Dialect, r: AppResult): ResultRow[] {
  const t = sessions === 100_000 ? atMost(r.peak, RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`) : undefined;
  const early = windowMax(r.rssByPoll, EARLY);
  const late = windowMax(r.rssByPoll, LATE);
  const flat = atMost((late - early) / early, FLAT_GROWTH, `≤ +${FLAT_GROWTH * 100} %`);
  return [
    {
      scenario: `memory peak RSS, sesstop ${dialect}`,
      sessions,
      unit: 'MB',
      median: r.peak,
      p95: null,
      runs: POLLS,
      target: t?.text,
      pass: t?.pass,
      note: `VmHWM of the binary in a 200×50 pty polling every 1 s, over ${POLLS} polls (${r.seconds.toFixed(0)} s); RSS ${r.shownRss.toFixed(0)} MB when the first rows showed`,
    },
    {
      scenario: `memory RSS max, polls ${LATE.join('–')}, sesstop ${dialect}`,
      sessions,
      unit: 'MB',
      median: late,
      p95: null,
      runs: POLLS,
      floor: `max, polls ${EARLY.join('–')}`,
      floorMedian: early,
      ratio: late / early,
      target: flat.text,
      pass: flat.pass,
      note: `RSS read every ${SAMPLE_MS} ms, by the poll the simulator last served`,
    },
  ];
}

function workerRow(sessions: number, r: WorkerResult): ResultRow {
  const grown = atMost((r.liveHeap - r.liveHeapAtCheckpoint) / r.liveHeapAtCheckpoint, FLAT_GROWTH, `live heap ≤ +${FLAT_GROWTH * 100} % from poll ${CHECKPOINT}`);
  return {
    scenario: 'memory live heap, client + view (no UI) seed',
    sessions,
    unit: 'MB',
    median: r.liveHeap,
    p95: null,
    runs: POLLS,
    floor: `live heap at poll ${CHECKPOINT}`,
    floorMedian: r.liveHeapAtCheckpoint,
    ratio: r.liveHeap / r.liveHeapAtCheckpoint,
    target: grown.text,
    pass: grown.pass,
    note:
      `heap after a full GC at poll ${POLLS} (${r.seconds.toFixed(0)} s back to back), ${r.heapAtEnd.toFixed(0)} MB before it; ` +
      `this process peaked at ${r.peak.toFixed(0)} MB RSS (${r.baseline.toFixed(0)} MB at start); ${r.sessions} sessions in the last poll`,
  };
}

export async function memoryScenario(ctx: BenchContext): Promise<ResultRow[]> {
  const sessions = ctx.quick ? 10_000 : 100_000;
  let sim;
  try {
    sim = await startSimProcess(sessions, 'wall', true);
  } catch (e) {
    return [skippedRow('memory peak RSS', sessions, 'MB', `skipped: ${(e as Error).message}`)];
  }
  const rows: ResultRow[] = [];
  try {
    for (const dialect of ['v1', 'seed'] as const) {
      if (!binExists()) {
        rows.push(skippedRow(`memory peak RSS, sesstop ${dialect}`, sessions, 'MB', 'skipped: dist/bin/sesstop.js missing (npm run build)'));
        continue;
      }
      ctx.progress(`memory: sesstop ${dialect} ${sessions}, ${POLLS} polls`);
      try {
        rows.push(...appRows(sessions, dialect, await runApp(sim, dialect, POLLS)));
      } catch (e) {
        rows.push(skippedRow(`memory peak RSS, sesstop ${dialect}`, sessions, 'MB', `failed: ${(e as Error).message}`));
      }
    }
    ctx.progress(`memory: client + view seed ${sessions}, ${POLLS} polls`);
    try {
      rows.push(workerRow(sessions, await runWorker(sim.target, 'seed', POLLS, CHECKPOINT)));
    } catch (e) {
      rows.push(skippedRow('memory live heap, client + view (no UI) seed', sessions, 'MB', `failed: ${(e as Error).message}`));
    }
  } finally {
    await sim.stop();
  }
  return rows;
}
