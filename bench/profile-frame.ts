// Repeats one kind of UI frame with the real App (see lib/ui-harness.tsx), for `node --cpu-prof`.
// Usage: NODE_ENV=production node --cpu-prof dist/bench/profile-frame.js page|tick|move|sort SESSIONS [FRAMES=150]
import { FRAME_GAP_MS, startUiHarness } from './lib/ui-harness.js';
import { sleep } from './lib/sleep.js';

const [kind = 'page', sessionsArg = '10000', framesArg = '150'] = process.argv.slice(2);
if (process.env.NODE_ENV !== 'production') process.stderr.write('warning: NODE_ENV is not production\n');
const ui = await startUiHarness(Number(sessionsArg), 'v1');
let flip = false;
const step: Record<string, () => void> = {
  page: () => ui.store.dispatch({ type: 'move', to: (flip = !flip) ? 'pageDown' : 'pageUp' }),
  tick: () => ui.clock.advance(1000),
  move: () => ui.stdin.type('j'),
  sort: () => ui.stdin.type((flip = !flip) ? 'U' : 'I'),
};
const times: number[] = [];
for (let i = 0; i < Number(framesArg); i++) {
  await sleep(FRAME_GAP_MS);
  times.push(await ui.stdout.timeToWrite(step[kind]));
}
times.sort((a, b) => a - b);
process.stdout.write(`${kind}: ${times.length} frames, median ${times[times.length >> 1].toFixed(1)} ms\n`);
await ui.stop();
