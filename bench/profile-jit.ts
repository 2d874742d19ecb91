// Runs the real binary in a 200×50 pseudo-terminal against a wall-clock simulator under V8's
// `--log-code`, then lists the functions optimised (TurboFan) more than once after the warm-up.
// A function optimised again and again is CPU spent for nothing on V8's helper threads: a closure
// made per call loses its optimised code at every full collection, a deopt loop recompiles.
// Usage: node dist/bench/profile-jit.js SESSIONS SECONDS [WARMUP_SECONDS=15]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimProcess } from './lib/children.js';
import { startPtyApp } from './lib/pty-app.js';
import { sleep } from './lib/sleep.js';

const [sessions = '1000', seconds = '60', warmup = '15'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'sesstop-jit-'));
const log = join(dir, 'v8.log');
const sim = await startSimProcess(Number(sessions), 'wall', true);
const app = startPtyApp(['-h', sim.target, '-d', '1'], 200, 50, ['--log-code', `--logfile=${log}`, '--no-logfile-per-isolate']);
await sleep(Number(seconds) * 1000);
await app.quit();
await sim.stop();

// code-creation,JS,<kind>,<µs since start>,<address>,<size>,<name>,… ; kind 13 is TurboFan code
// in Node 20's V8 (10 interpreted, 11 Sparkplug).
const TURBOFAN = '13';
const after = Number(warmup) * 1e6;
const counts = new Map<string, number>();
let total = 0;
for (const line of readFileSync(log, 'utf8').split('\n')) {
  if (!line.startsWith('code-creation,JS,')) continue;
  const f = line.split(',');
  if (f[2] !== TURBOFAN || Number(f[3]) < after) continue;
  total++;
  const name = f[6].replace(/file:\/\/\S*?\/(dist|node_modules)\//, '$1/').trim();
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${total} TurboFan compilations between ${warmup} s and ${seconds} s; functions compiled more than once:\n`);
const again = [...counts].filter(([, n]) => n > 1).sort((a, b) => b[1] - a[1]);
for (const [name, n] of again) process.stdout.write(`${String(n).padStart(4)}  ${name}\n`);
if (again.length === 0) process.stdout.write('  (none)\n');
// Functions first compiled this late have only now become hot: warm-up still going on.
const once = [...counts].filter(([, n]) => n === 1).map(([name]) => name);
if (once.length) process.stdout.write(`compiled once:\n${once.map((n) => `  ${n}`).join('\n')}\n`);
