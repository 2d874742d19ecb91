// Child process of the memory scenario: polls a simulator back to back through the real client and
// feeds each poll to the UI's reducer, holding the state as the UI does, and formats the rows. Prints one JSON line with
// RSS at start, the peak (VmHWM), and the live heap (after a full GC) at the checkpoint and
// at the end.
// Usage: node dist/bench/memory-worker.js TARGET DIALECT POLLS CHECKPOINT
import type { Dialect } from '../src/core/model.js';
import { createClient } from '../src/api/index.js';
import { startHeapPolicy } from '../src/cli/heap.js';
import { SIM_PASSWORD, SIM_USER } from './lib/children.js';
import { statusMB } from './lib/proc.js';
import { afterPoll, freshState, visibleLines } from './lib/view-pipeline.js';

// What the UI does: limit set before the first poll, revised after every poll (src/cli/run-ui.ts).
const heapPolicy = startHeapPolicy();
const [target, dialect, pollsArg, checkpointArg] = process.argv.slice(2);
const polls = Number(pollsArg);
const checkpoint = Number(checkpointArg);

const client = createClient({ target, user: SIM_USER, password: SIM_PASSWORD, dialect: dialect as Dialect });
const baseline = statusMB(process.pid, 'VmRSS');
let state = freshState();
let shown: string[] = [];
let liveHeapAtCheckpoint = Number.NaN;
const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => process.memoryUsage().heapUsed / 2 ** 20;
let sessions = 0;
const started = performance.now();
for (let i = 1; i <= polls; i++) {
  const list = await client.listSessions();
  sessions = list.sessions.length;
  heapPolicy(sessions);
  state = afterPoll(state, list.sessions);
  shown = visibleLines(state);
  if (i === checkpoint) {
    // The live data at this point (a leak grows it between the checkpoint and the end).
    gc?.();
    liveHeapAtCheckpoint = heapMB();
  }
}
const peak = statusMB(process.pid, 'VmHWM');
const heapAtEnd = heapMB();
// Live data versus garbage not yet collected: the heap after a full GC (run with --expose-gc).
gc?.();
const result = {
  baseline,
  peak,
  heapAtEnd,
  liveHeap: heapMB(),
  liveHeapAtCheckpoint,
  sessions,
  shownLines: shown.length,
  seconds: (performance.now() - started) / 1000,
};
await client.close();
process.stdout.write(JSON.stringify(result) + '\n');
