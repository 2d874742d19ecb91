// Repeats one list poll through the real client, for `node --cpu-prof` (no floor, no bench table),
// so a profile shows only the client's own work.
// Usage: node --cpu-prof dist/bench/profile-poll.js DIALECT SESSIONS [POLLS=40] [moving]
// `moving`: the simulator's clock moves 1 s before every poll (idle times change, as in real use).
import type { Dialect } from '../src/core/model.js';
import { createClient } from '../src/api/index.js';
import { SIM_PASSWORD, SIM_USER, startSimProcess } from './lib/children.js';

const [dialect = 'seed', sessionsArg = '10000', pollsArg = '40', moving] = process.argv.slice(2);
const sim = await startSimProcess(Number(sessionsArg), 'manual', false);
const client = createClient({ target: sim.target, user: SIM_USER, password: SIM_PASSWORD, dialect: dialect as Dialect });
const started = performance.now();
for (let i = 0; i < Number(pollsArg); i++) {
  if (moving === 'moving') await sim.advance(1);
  await client.listSessions();
}
process.stdout.write(`${pollsArg} polls in ${(performance.now() - started).toFixed(0)} ms\n`);
await client.close();
await sim.stop();
