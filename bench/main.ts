// Runs the scenarios in order, prints the machine and the table, and saves the results.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describeMachine, formatMachine, ROOT } from './lib/machine.js';
import { patchStates } from './lib/patches.js';
import { formatTable, saveReport, type ResultRow } from './lib/report.js';
import type { BenchContext } from './scenarios/context.js';

const SCENARIOS = ['poll', 'view', 'frame', 'steady', 'memory'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const BENCH_SOURCE_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));

interface Args {
  quick: boolean;
  only: ScenarioName[];
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = onlyArg ? (onlyArg.split(',').filter((s) => (SCENARIOS as readonly string[]).includes(s)) as ScenarioName[]) : [...SCENARIOS];
  return { quick, only };
}

async function runScenario(name: ScenarioName, ctx: BenchContext): Promise<ResultRow[]> {
  switch (name) {
    case 'poll':
      return (await import('./scenarios/poll.js')).pollScenario(ctx);
    case 'view':
      return (await import('./scenarios/view.js')).viewScenario(ctx);
    case 'frame':
      return (await import('./scenarios/frame.js')).frameScenario(ctx);
    case 'steady':
      return (await import('./scenarios/steady.js')).steadyScenario(ctx);
    case 'memory':
      return (await import('./scenarios/memory.js')).memoryScenario(ctx);
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const started = performance.now();
  const machine = describeMachine();
  process.stdout.write(formatMachine(machine) + '\n' + (args.quick ? 'Quick run (BENCH_QUICK / --quick): shorter steady, no 100k.\n' : '') + '\n');
  const ctx: BenchContext = {
    quick: args.quick,
    sizes: args.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000],
    runs: args.quick ? { normal: 7, large: 3 } : { normal: 15, large: 3 },
    steadySeconds: args.quick ? 8 : 30,
    progress: (m) => process.stderr.write(`  … ${m}\n`),
  };
  const rows: ResultRow[] = [];
  for (const name of args.only) {
    try {
      rows.push(...(await runScenario(name, ctx)));
    } catch (e) {
      rows.push({ scenario: name, sessions: null, unit: 'ms', median: Number.NaN, p95: null, runs: 0, note: `failed: ${(e as Error).stack ?? e}` });
    }
  }
  const loadAverageAtEnd = Number(loadavg()[0].toFixed(2));
  // node_modules may change under a long run (another npm install): say so rather than mislead.
  const patchesChanged = JSON.stringify(patchStates(ROOT)) !== JSON.stringify(machine.patches);
  const report = {
    machine,
    options: { quick: args.quick, only: args.only, loadAverageAtEnd, ...(patchesChanged ? { warning: 'dependency patches changed during the run' } : {}) },
    rows,
    durationSeconds: (performance.now() - started) / 1000,
  };
  process.stdout.write('\n' + formatTable(rows) + `\n\nLoad average at end: ${loadAverageAtEnd}\n`);
  if (patchesChanged) process.stdout.write('WARNING: dependency patches changed during the run (npm install?): rerun.\n');
  // A partial or quick run must not overwrite the committed full results.
  const full = args.only.length === SCENARIOS.length && !args.quick;
  const resultsName = full ? 'latest.json' : 'partial.json';
  saveReport(report, join(BENCH_SOURCE_DIR, 'results', resultsName), join(BENCH_SOURCE_DIR, full ? 'RESULTS.md' : 'results/partial.md'));
  process.stdout.write(`\nSaved bench/results/${resultsName}${full ? ' and bench/RESULTS.md' : ''} (${report.durationSeconds.toFixed(0)} s).\n`);
  const missed = rows.filter((r) => r.pass === false).length;
  if (missed) process.stdout.write(`${missed} target(s) missed.\n`);
  return 0;
}
