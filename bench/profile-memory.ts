// Where a 100k-session poll's memory and CPU go: per poll, the client's own CPU time and the V8
// heap / RSS, then the live heap after a full GC (what the data needs) and the peak (VmHWM).
// Usage: node --expose-gc dist/bench/profile-memory.js DIALECT SESSIONS [POLLS=15] [client|view]
//   client: the list poll alone; view (default): also the UI reducer and the visible rows,
//   holding the state as the UI does (so two snapshots overlap while a poll is parsed).
import type { Dialect } from '../src/core/model.js';
import { createClient } from '../src/api/index.js';
import { SIM_PASSWORD, SIM_USER, startSimProcess } from './lib/children.js';
import { statusMB } from './lib/proc.js';
import { afterPoll, freshState, visibleLines } from './lib/view-pipeline.js';

const [dialect = 'seed', sessionsArg = '100000', pollsArg = '15', mode = 'view'] = process.argv.slice(2);
const sim = await startSimProcess(Number(sessionsArg), 'wall', true);
const client = createClient({ target: sim.target, user: SIM_USER, password: SIM_PASSWORD, dialect: dialect as Dialect });
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;
let state = freshState();
const cpuMs: number[] = [];
for (let i = 1; i <= Number(pollsArg); i++) {
  const before = process.cpuUsage();
  const list = await client.listSessions();
  if (mode !== 'client') {
    state = afterPoll(state, list.sessions);
    visibleLines(state);
  }
  const cpu = process.cpuUsage(before);
  cpuMs.push((cpu.user + cpu.system) / 1000);
  const m = process.memoryUsage();
  process.stdout.write(
    `poll ${i}: ${list.sessions.length} sessions, cpu ${cpuMs[i - 1].toFixed(0)} ms, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}, rss ${mb(m.rss)}\n`,
  );
}
gc?.();
const sorted = [...cpuMs].sort((a, b) => a - b);
process.stdout.write(
  `cpu median ${sorted[sorted.length >> 1].toFixed(0)} ms; live heap after GC ${gc ? mb(process.memoryUsage().heapUsed) : '(run with --expose-gc)'}; peak RSS ${statusMB(process.pid, 'VmHWM').toFixed(0)} MB\n`,
);
await client.close();
await sim.stop();
