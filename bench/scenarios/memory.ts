// memory: a process polling 100k sessions (10k in a quick run) back to back through the real
// client, feeding each poll to the UI's reducer and formatting the rows (bench/memory-worker.ts).
// Peak RSS (VmHWM), RSS after 20 vs 60 polls (flat?), and the live heap after a full GC at the
// end (what the data really needs, versus garbage V8 has not collected yet).
// The simulator runs in its own process on the wall clock with churn, so every poll brings new
// data. The 60-poll run uses the seed dialect: the simulator serves 100k sessions in v1 at
// ~2.5 s a poll, which would take the whole bench budget; v1's peak is measured over 6 polls.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Dialect } from '../../src/core/model.js';
import { firstJsonLine, startSimProcess, stopChild } from '../lib/children.js';
import { DIST_DIR } from '../lib/project.js';
import { atMost, skippedRow, type ResultRow } from '../lib/report.js';
import type { BenchContext } from './context.js';

const CHECKPOINT = 20;
const POLLS = 60;
const V1_POLLS = 6;
/** A poll number never reached: no forced GC during the v1 run, whose heap is read at the end. */
const NO_CHECKPOINT = 0;
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
  rssAfterPoll: number[];
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

function peakRow(sessions: number, dialect: Dialect, polls: number, r: WorkerResult): ResultRow {
  const t = sessions === 100_000 ? atMost(r.peak, RSS_LIMIT_MB, `≤ ${RSS_LIMIT_MB} MB`) : undefined;
  return {
    scenario: `memory peak RSS ${dialect}`,
    sessions,
    unit: 'MB',
    median: r.peak,
    p95: null,
    runs: polls,
    floor: 'live heap after GC',
    floorMedian: r.liveHeap,
    target: t?.text,
    pass: t?.pass,
    note:
      `VmHWM over ${polls} polls (${r.seconds.toFixed(0)} s); RSS at start ${r.baseline.toFixed(0)} MB; ` +
      `heap ${r.heapAtEnd.toFixed(0)} MB before / ${r.liveHeap.toFixed(0)} MB after a full GC; ${r.sessions} sessions in the last poll`,
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
    ctx.progress(`memory v1 ${sessions}, ${V1_POLLS} polls`);
    try {
      rows.push(peakRow(sessions, 'v1', V1_POLLS, await runWorker(sim.target, 'v1', V1_POLLS, NO_CHECKPOINT)));
    } catch (e) {
      rows.push(skippedRow('memory peak RSS v1', sessions, 'MB', `failed: ${(e as Error).message}`));
    }
    ctx.progress(`memory seed ${sessions}, ${POLLS} polls`);
    try {
      const r = await runWorker(sim.target, 'seed', POLLS, CHECKPOINT);
      rows.push(peakRow(sessions, 'seed', POLLS, r));
      const early = windowMax(r.rssAfterPoll, EARLY);
      const late = windowMax(r.rssAfterPoll, LATE);
      const flat = atMost((late - early) / early, FLAT_GROWTH, `≤ +${FLAT_GROWTH * 100} %`);
      rows.push({
        scenario: `memory RSS max, polls ${LATE.join('–')} seed`,
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
        note: `live heap after a full GC ${r.liveHeapAtCheckpoint.toFixed(1)} MB at poll ${CHECKPOINT}, ${r.liveHeap.toFixed(1)} MB at poll ${POLLS} (a leak would grow it)`,
      });
    } catch (e) {
      rows.push(skippedRow('memory seed', sessions, 'MB', `failed: ${(e as Error).message}`));
    }
  } finally {
    await sim.stop();
  }
  return rows;
}
