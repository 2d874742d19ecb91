// "Closing is always exact", as a property over random interleavings of server changes (arrivals,
// departures, re-sorts, a restart with a fresh model that reuses ids), polls and a user's keys,
// against the real binary in a pty. Whenever sesstop sends a DELETE it is for the session the
// confirmation named, as the server holds it at that moment; nothing else is ever closed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { connectArgs, e2eFixtures } from './harness/fixtures.js';
import { startRecordingProxy, type RecordedRequest } from './harness/recording-proxy.js';
import { confirmation, cursorRow, tableHeaderIndex, tableRows, type Confirmation } from './harness/screen.js';
import type { SesstopTerminal } from './harness/sesstop.js';

const MAX_SESSIONS = 12; // all fit on an 80×24 screen

type Step =
  | { kind: 'arrive'; idle: number; chatty: boolean }
  | { kind: 'depart'; pick: number }
  | { kind: 'advance'; seconds: number }
  | { kind: 'restart'; sessions: number }
  | { kind: 'poll' }
  | { kind: 'move'; down: boolean }
  | { kind: 'sort'; key: 'U' | 'N' | 'I' | 'C' }
  | { kind: 'ask'; key: 'k' | 'delete' }
  | { kind: 'answer'; yes: boolean };

const serverChange: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('arrive' as const), idle: fc.integer({ min: 0, max: 20_000 }), chatty: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('depart' as const), pick: fc.nat(100) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 900 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('restart' as const), sessions: fc.integer({ min: 1, max: 10 }) }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'poll' as const }), weight: 3 },
);
const userKey: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), down: fc.boolean() }),
  fc.record({ kind: fc.constant('sort' as const), key: fc.constantFrom('U' as const, 'N' as const, 'I' as const, 'C' as const) }),
);

/**
 * One close episode: server changes, polls and keys; `k`; more server changes and polls while the
 * confirmation is open (a restart here reuses the named id for another client); then y or n.
 */
const episodeArb: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(fc.oneof(serverChange, userKey), { maxLength: 5 }),
    fc.array(serverChange, { maxLength: 3 }),
    fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  )
  .map(([before, during, yes]) => [...before, { kind: 'ask' as const, key: before.length % 3 === 2 ? ('delete' as const) : ('k' as const) }, ...during, { kind: 'answer' as const, yes }]);

interface DeleteSeen {
  id: number;
  /** The user of the session the upstream held under that id when the DELETE arrived (undefined: none). */
  userAtDelete: string | undefined;
}

/** What the runs exercised, printed at the end (a property that never closes proves little). */
const tally = { runs: 0, asked: 0, closed: 0, refused: 0, gone: 0, cancelled: 0, restarts: 0, idReusedWhileOpen: 0 };

/** One run: a fresh simulator behind a proxy, a fresh sesstop, the steps, then the checks. */
async function runScenario(fx: ReturnType<typeof e2eFixtures>, initial: number, steps: Step[]): Promise<void> {
  let nextUser = 0;
  let generation = 0;
  const sims: Simulator[] = [];
  /** Per simulator: the ids that must still be live at the end. */
  const expectedLive = new Map<Simulator, Set<number>>();
  const deletes: DeleteSeen[] = [];
  const confirmedClosures: Confirmation[] = [];

  const populate = (sim: Simulator, count: number, idle = (i: number) => 60 * (i + 1)) => {
    for (let i = 0; i < count; i++) {
      const s = sim.model.addSession({ user: `p${nextUser++}`, address: `10.${generation}.0.${i + 1}`, idleSeconds: idle(i) });
      expectedLive.get(sim)!.add(s.id);
    }
  };
  const newSimulator = async (count: number) => {
    const sim = await fx.simulator({ sessions: 0, seed: 100 + generation });
    sims.push(sim);
    expectedLive.set(sim, new Set());
    populate(sim, count);
    return sim;
  };

  tally.runs++;
  let current = await newSimulator(initial);
  const proxy = await startRecordingProxy(current.url, (r: RecordedRequest) => {
    if (r.method !== 'DELETE') return;
    const id = Number(/\/sessions\/(\d+)/.exec(r.path)?.[1]);
    deletes.push({ id, userAtDelete: current.model.get(id)?.user });
  });
  fx.onCleanup(() => proxy.close());
  const t = fx.sesstop(connectArgs(proxy.hostPort, ['-d', '0.5', '-t', '3000']));
  await t.waitForText(new RegExp(`^${initial} sessions`, 'm'), 10_000);

  const lists = () => proxy.requests.filter((r) => r.method === 'GET' && /\/sessions\/?(\?|$)/.test(r.path) && r.done).length;
  const auditLines = () => {
    const file = join(t.home, 'state', 'sesstop', 'audit.log');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  };
  let open: Confirmation | undefined;

  for (const step of steps) {
    switch (step.kind) {
      case 'arrive':
        if (current.model.size < MAX_SESSIONS) {
          const s = current.model.addSession({ user: `p${nextUser++}`, address: `10.${generation}.1.${nextUser % 250}`, idleSeconds: step.idle, activity: step.chatty ? 'chatty' : null });
          expectedLive.get(current)!.add(s.id);
        }
        break;
      case 'depart': {
        const live = current.model.sessions();
        if (live.length > 0) {
          const id = live[step.pick % live.length].id;
          current.model.close(id);
          expectedLive.get(current)!.delete(id);
        }
        break;
      }
      case 'advance':
        current.clock.advance(step.seconds);
        break;
      case 'restart': {
        generation++;
        tally.restarts++;
        if (open) tally.idReusedWhileOpen++;
        current = await newSimulator(step.sessions);
        proxy.setUpstream(current.url);
        break;
      }
      case 'poll': {
        const seen = lists();
        if (!open) t.press('r');
        await t.waitFor(() => lists() >= seen + (open ? 2 : 1), 'a completed poll', 5000);
        if (!open) {
          // The table shows what the server holds now (every session fits on the screen).
          const ids = () => current.model.sessions().map((s) => s.id).sort((a, b) => a - b).join(',');
          const shown = () => tableRows(t.screenLines()).map((r) => r.id).sort((a, b) => a - b).join(',');
          await t.waitFor(() => shown() === ids(), () => `the table to show sessions ${ids()}`, 5000);
        }
        break;
      }
      case 'move': {
        if (open) break;
        const rows = tableRows(t.screenLines());
        const at = rows.findIndex((r) => r.cursor);
        if (rows.length < 2 || at < 0) break;
        const down = at === 0 ? true : at === rows.length - 1 ? false : step.down;
        const order = rows.map((r) => r.id).join(',');
        t.press(down ? 'down' : 'up');
        // A poll may change the list first (the move is then moot); an arrow key never merges
        // with the next key in one read, so not knowing whether it was handled is harmless.
        await t.waitFor(() => {
          const now = tableRows(t.screenLines());
          const cursor = now.find((r) => r.cursor);
          return (cursor !== undefined && cursor.y !== rows[at].y) || now.map((r) => r.id).join(',') !== order;
        }, 'the cursor to move');
        break;
      }
      case 'sort': {
        if (open) break;
        const header = () => t.screenLines()[tableHeaderIndex(t.screenLines())] ?? '';
        const before = header();
        t.press(step.key);
        await t.waitFor(() => header() !== before && header() !== '', `the sort (${step.key}) to change the header`);
        break;
      }
      case 'ask': {
        if (open || current.model.size === 0 || tableRows(t.screenLines()).length === 0) break;
        // Right after a close the UI may still be finishing it ("a close is still in progress"); the
        // screen may also still show rows of a list that just became empty ("no session selected").
        let nothingSelected = false;
        for (let attempt = 1; ; attempt++) {
          const from = t.raw.length;
          t.press(step.key);
          const busy = () => t.raw.indexOf('a close is still in progress', from) >= 0;
          const none = () => t.raw.indexOf('no session selected', from) >= 0;
          // The "still in progress" frame may never be written: the close's result can replace it
          // within the same 1/30 s (Ink draws the latest state). So no answer at all means busy too.
          const answered = () => confirmation(t.screenLines()) !== undefined || busy() || none();
          try {
            await t.waitFor(answered, 'the confirmation', 2000);
          } catch (e) {
            if (attempt === 3) throw e;
            continue;
          }
          if (confirmation(t.screenLines())) break;
          if (none()) {
            nothingSelected = true;
            break;
          }
          if (attempt === 3) throw t.failure('the previous close never finished');
          await t.nextFrames(1);
        }
        if (nothingSelected) break;
        open = confirmation(t.screenLines())!;
        tally.asked++;
        break;
      }
      case 'answer': {
        if (!open) break;
        if (!step.yes) {
          t.press('n');
          await t.waitFor(() => confirmation(t.screenLines()) === undefined, 'the confirmation to close');
          open = undefined;
          tally.cancelled++;
          break;
        }
        const named = open;
        open = undefined;
        const audited = auditLines().length;
        const deletesBefore = deletes.length;
        const holder = current.model.get(named.id);
        const sameSession = holder !== undefined && holder.user === named.user;
        t.press('y');
        // Every attempt is audited before its result is shown: that line marks the end of the close.
        await t.waitFor(() => auditLines().length === audited + 1, 'the close attempt to finish', 8000);
        const record = JSON.parse(auditLines()[audited]) as { result: string; session: { id: number; user: string } };
        expect(record.session).toMatchObject({ id: named.id, user: named.user });
        if (sameSession) {
          expect(record.result).toBe('closed');
          expect(deletes.slice(deletesBefore)).toEqual([{ id: named.id, userAtDelete: named.user }]);
          expectedLive.get(current)!.delete(named.id);
          confirmedClosures.push(named);
          tally.closed++;
        } else {
          expect(['refused', 'already-gone']).toContain(record.result);
          if (record.result === 'refused') tally.refused++;
          else tally.gone++;
          expect(deletes.slice(deletesBefore)).toEqual([]);
        }
        break;
      }
    }
  }

  // Nothing but confirmed sessions was ever closed: every DELETE hit the confirmed session...
  expect(deletes).toEqual(confirmedClosures.map((c) => ({ id: c.id, userAtDelete: c.user })));
  // ...and every simulator holds exactly the sessions the scenario did not remove itself.
  for (const sim of sims) expect(new Set(sim.model.sessions().map((s) => s.id))).toEqual(expectedLive.get(sim));
  expect(t.layoutViolations).toEqual([]);
  t.press(open ? 'n' : 'q');
  if (open) {
    await t.waitFor(() => confirmation(t.screenLines()) === undefined, 'the confirmation to close');
    t.press('q');
  }
  expect(await t.appExit()).toBe(0);
}

describe.sequential('closing is always exact (property, real binary)', () => {
  const fx = e2eFixtures();

  it('over random interleavings of polls, arrivals, departures, re-sorts, restarts and keys', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), fc.array(episodeArb, { minLength: 2, maxLength: 5 }), async (initial, episodes) => {
        try {
          await runScenario(fx, initial, episodes.flat());
        } finally {
          await fx.releaseAll();
        }
      }),
      {
        numRuns: 8,
        endOnFailure: true,
        // Always tried first: the id under the confirmation reused by another client after a restart.
        examples: [[3, [[{ kind: 'ask', key: 'k' }, { kind: 'restart', sessions: 8 }, { kind: 'poll' }, { kind: 'answer', yes: true }]]]],
      },
    );
    console.log(`close property: ${JSON.stringify(tally)}`);
  }, 170_000);
});
