// A simulator in its own process, so the process being measured pays only for its own work.
// Usage: node dist/bench/sim-server.js SESSIONS manual|wall churn|steady [SEED]
// Prints one JSON line {"url": …} when listening; exits when stdin closes or on SIGTERM.
// A line `advance N` on stdin moves the manual clock N seconds and is answered `ok`; a line
// `polls` is answered with how many session-list polls (first pages) it has served so far.
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
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

// A poll starts with the first page of the list (v1 `page[number]=0`, seed `range=0-…`); the v1
// dialect probe asks for a page of one and is not a poll. Counted here, a bench can follow the
// polls of a process it cannot look into (the real binary in a terminal).
const FIRST_PAGE = /\/sessions\?(?:.*&)?(?:page\[number\]=0(?:&|$)|range=0-)/;
const PROBE = /page\[size\]=1&/;
let listPolls = 0;
diagnostics.subscribe('http.server.request.start', (message) => {
  const url = (message as { request: IncomingMessage }).request.url ?? '';
  if (FIRST_PAGE.test(url) && !PROBE.test(url)) listPolls++;
});

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'polls') {
    process.stdout.write(`${listPolls}\n`);
    return;
  }
  const advance = /^advance (\d+(?:\.\d+)?)$/.exec(line.trim());
  if (advance) sim.clock.advance(Number(advance[1]));
  process.stdout.write(advance ? 'ok\n' : `unknown command ${JSON.stringify(line)}\n`);
});
