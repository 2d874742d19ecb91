// Runs the real binary in a 200×50 pseudo-terminal against a wall-clock simulator under
// `--cpu-prof`, so a profile shows where steady-state CPU goes.
// Usage: node dist/bench/profile-steady.js SESSIONS SECONDS PROFILE_DIR
import { startSimProcess } from './lib/children.js';
import { cpuSeconds } from './lib/proc.js';
import { startPtyApp } from './lib/pty-app.js';
import { sleep } from './lib/sleep.js';

const [sessions = '1000', seconds = '15', dir = '/tmp/sesstop-prof'] = process.argv.slice(2);
const sim = await startSimProcess(Number(sessions), 'wall', true);
const app = startPtyApp(['-h', sim.target, '-d', '1'], 200, 50, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
await sleep(4000);
const c0 = cpuSeconds(app.pid);
await sleep(Number(seconds) * 1000);
const cpu = ((cpuSeconds(app.pid) - c0) / Number(seconds)) * 100;
process.stdout.write(`CPU ${cpu.toFixed(1)} % of a core over ${seconds} s; profile in ${dir}\n`);
await app.quit();
await sim.stop();
