// view: what happens between data and screen, through the UI's real reducer and the core row
// formatting, on real polled data (v1 dialect):
// - after a poll: the `snapshot` action (merge, arrivals, filter + sort, cursor follow) + rows;
// - keypress move: cursor down one row (window + rows only);
// - keypress sort: USER (a string key) and back to IDLE, alternately: full re-sort;
// - keypress filter: a character typed into `/` — cold: the first after a poll (the filter's
//   per-session search cache empty), warm: the next one.
// Floor (after a poll): a bare Array.sort of the same sessions by idle plus the same rows.
import type { Session } from '../../src/core/model.js';
import type { UiState } from '../../src/ui/state.js';
import { polledSessions, repolled } from '../lib/polled.js';
import { atMost, skippedRow, type ResultRow } from '../lib/report.js';
import { sample, samplePair } from '../lib/sampler.js';
import { afterPoll, freshState, press, tableColumns, visibleLines } from '../lib/view-pipeline.js';
import type { BenchContext } from './context.js';

const KEYPRESS_LIMIT_MS = 16;

async function viewRows(sessions: Session[], ctx: BenchContext): Promise<ResultRow[]> {
  const n = sessions.length;
  const runs = n >= 100_000 ? ctx.runs.large * 2 : ctx.runs.normal;
  const polled = afterPoll(freshState(), sessions);
  const cols = tableColumns(polled);
  const keyTarget = (median: number) => (n === 10_000 ? atMost(median, KEYPRESS_LIMIT_MS, `≤ ${KEYPRESS_LIMIT_MS} ms`) : undefined);
  const keyRow = (scenario: string, s: { median: number; p95: number }, note?: string): ResultRow => {
    const t = keyTarget(s.median);
    return { scenario, sessions: n, unit: 'ms', median: s.median, p95: s.p95, runs, target: t?.text, pass: t?.pass, note };
  };

  // After a poll: each run gets a new poll's worth of objects, as the client would deliver.
  let next = sessions;
  let state: UiState = polled;
  const poll = await samplePair(
    () => visibleLines((state = afterPoll(state, next)), cols),
    () => {
      const sorted = [...next].sort((a, b) => (b.idle ?? -1) - (a.idle ?? -1));
      return visibleLines({ ...state, visible: sorted }, cols);
    },
    { runs, before: () => (next = repolled(sessions)) },
  );
  const rows: ResultRow[] = [
    {
      scenario: 'view after poll',
      sessions: n,
      unit: 'ms',
      median: poll.subject.median,
      p95: poll.subject.p95,
      runs,
      floor: 'Array.sort by idle + rows',
      floorMedian: poll.floor.median,
      ratio: poll.subject.median / poll.floor.median,
    },
  ];

  state = polled;
  rows.push(keyRow('keypress move', await sample(() => visibleLines((state = press(state, { type: 'move', to: 'down' })), cols), { runs: ctx.runs.normal * 2 })));

  let byUser = false;
  rows.push(
    keyRow(
      'keypress sort',
      await sample(() => {
        byUser = !byUser;
        return visibleLines((state = press(state, { type: 'sortBy', column: byUser ? 'user' : 'idle' })), cols);
      }, { runs }),
      'alternately USER (string key) and IDLE',
    ),
  );

  const typeChar = (s: UiState) => press(s, { type: 'filterInput', text: s.filterText === 'ap' ? 'app' : 'ap' });
  state = press(polled, { type: 'openFilter' });
  const cold = await sample(() => visibleLines((state = typeChar(state)), cols), {
    runs,
    before: () => (state = afterPoll(press(freshState(), { type: 'openFilter' }), repolled(sessions))),
  });
  rows.push(keyRow('keypress filter (cold)', cold, 'first filter keystroke after a poll: search cache empty'));
  state = typeChar(afterPoll(press(freshState(), { type: 'openFilter' }), sessions));
  rows.push(keyRow('keypress filter (warm)', await sample(() => visibleLines((state = typeChar(state)), cols), { runs })));
  return rows;
}

export async function viewScenario(ctx: BenchContext): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const n of ctx.sizes) {
    ctx.progress(`view ${n}`);
    let sessions: Session[];
    try {
      sessions = await polledSessions(n);
    } catch (e) {
      rows.push(skippedRow('view', n, 'ms', `skipped: ${(e as Error).message}`));
      continue;
    }
    rows.push(...(await viewRows(sessions, ctx)));
  }
  return rows;
}
