// The floor of steady CPU: a process that polls the simulator with the very list requests the
// real client makes (recorded from one of its polls), the next poll INTERVAL ms after the last
// one ended as sesstop does, reads each answer as text and JSON.parses it, and does nothing
// else. What sesstop spends beyond this is its own.
// Usage: node dist/bench/steady-floor.js HOST:PORT [INTERVAL_MS=1000]
// Prints one JSON line {"requests": N} once it polls; exits when stdin closes or on SIGTERM.
import { createClient } from '../src/api/index.js';
import { SIM_PASSWORD, SIM_USER } from './lib/children.js';
import { rawFetcher } from './lib/raw-fetcher.js';
import { recordRequests } from './lib/request-recorder.js';
import { sleep } from './lib/sleep.js';

const [target = '127.0.0.1:8989', intervalArg = '1000'] = process.argv.slice(2);
const interval = Number(intervalArg);

const client = createClient({ target, user: SIM_USER, password: SIM_PASSWORD });
await client.listSessions(); // dialect detection, not part of a poll
const requests = (await recordRequests(() => client.listSessions())).filter((r) => r.method === 'GET');
await client.close();
if (requests.length === 0) {
  process.stdout.write(JSON.stringify({ error: 'no undici request seen' }) + '\n');
  process.exit(1);
}
const floor = rawFetcher(requests);
process.stdout.write(JSON.stringify({ requests: requests.length }) + '\n');

process.on('SIGTERM', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (;;) {
  await floor.fetchAll();
  await sleep(interval);
}
