// A simulator in its own process, so the process being measured pays only for its own work.
// Usage: node dist/bench/sim-server.js SESSIONS manual|wall churn|steady [SEED]
// Prints one JSON line {"url": …} when listening; exits when stdin closes or on SIGTERM.
// A line `advance N` on stdin moves the manual clock N seconds and is answered `ok`.
import { createInterface } from 'node:readline';
import { startSimulator } from '../src/sim/index.js';

const [sessionsArg = '1000', clockArg = 'manual', churnArg = 'steady', seedArg = '42'] = process.argv.slice(2);

const sim = await startSimulator({
  sessions: Number(sessionsArg),
  seed: Number(seedArg),
  clock: clockArg === 'wall' ? 'wall' : 'manual',
  churn: churnArg === 'churn',
  port: 0,
});
process.stdout.write(JSON.stringify({ url: sim.url }) + '\n');

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
createInterface({ input: process.stdin }).on('line', (line) => {
  const advance = /^advance (\d+(?:\.\d+)?)$/.exec(line.trim());
  if (advance) sim.clock.advance(Number(advance[1]));
  process.stdout.write(advance ? 'ok\n' : `unknown command ${JSON.stringify(line)}\n`);
});
