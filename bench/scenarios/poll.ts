// poll: one list poll through the real client (fetch + parse + normalise) against a simulator in
// another process, manual clock and no churn, so every poll returns the same bytes; at 10k also
// with 1 s passing before each poll, on the simulator's clock and the client's (the data changes
// as in real use).
// Floor: the very requests the client made (recorded), fetched raw (lib/raw-fetcher.ts).
import type { Dialect } from '../../src/core/model.js';
import type { SessionsClient } from '../../src/api/types.js';
import { createClient } from '../../src/api/index.js';
import { SIM_PASSWORD, SIM_USER, startSimProcess, type SimProcess } from '../lib/children.js';
import { rawFetcher } from '../lib/raw-fetcher.js';
import { atMost, skippedRow, type ResultRow } from '../lib/report.js';
import { recordRequests } from '../lib/request-recorder.js';
import { samplePair } from '../lib/sampler.js';
import { median } from '../lib/stats.js';
import type { BenchContext } from './context.js';

const DIALECTS: Dialect[] = ['seed', 'v1'];
const POLL_RATIO_LIMIT = 1.5;

/**
 * `moving`: 1 s passes before every timed run (subject and floor alike): the simulator's manual
 * clock moves 1 s, and so does the client's (a manual clock too: the polls themselves come back
 * to back, and wall time the simulator does not see would look like idle times that stopped
 * growing). Idle times grow and busy sessions change between polls as they do in real use, and
 * the client's reuse of unchanged sessions (an idle session's idle time telling the same moment)
 * helps only as much as it really can.
 */
async function pollOne(sim: SimProcess, dialect: Dialect, sessions: number, ctx: BenchContext, moving: boolean): Promise<ResultRow> {
  const scenario = moving ? `poll ${dialect}, data moving` : `poll ${dialect}`;
  const startedAt = Date.now();
  let passedMs = 0;
  const client: SessionsClient = createClient(
    { target: sim.target, user: SIM_USER, password: SIM_PASSWORD, dialect },
    moving ? { now: () => startedAt + passedMs } : {},
  );
  try {
    await client.listSessions(); // detection, connection set-up
    let count = 0;
    const requests = (await recordRequests(async () => (count = (await client.listSessions()).sessions.length))).filter(
      (r) => r.method === 'GET',
    );
    if (requests.length === 0) return skippedRow(scenario, sessions, 'ms', 'skipped: no undici request seen (client not on undici?)');
    const floor = rawFetcher(requests);
    try {
      const runs = sessions >= 100_000 ? ctx.runs.large : ctx.runs.normal;
      const before = moving
        ? () => {
            passedMs += 1000;
            return sim.advance(1);
          }
        : undefined;
      const { subject, floor: f } = await samplePair(() => client.listSessions(), floor.fetchAll, { warmup: sessions >= 100_000 ? 1 : 2, runs, before });
      const ratio = subject.median / f.median;
      const target = sessions === 10_000 ? atMost(ratio, POLL_RATIO_LIMIT, `≤ ${POLL_RATIO_LIMIT}× floor`) : undefined;
      const firstPath = requests[0].path;
      return {
        scenario,
        sessions,
        unit: 'ms',
        median: subject.median,
        p95: subject.p95,
        runs,
        floor: 'raw GET + JSON.parse',
        floorMedian: f.median,
        ratio,
        target: target?.text,
        pass: target?.pass,
        note:
          `server + transfer ${median(floor.transferMs).toFixed(1)} ms of the floor; ` +
          `${requests.length} request(s)/poll, first ${firstPath.length > 90 ? firstPath.slice(0, 90) + '…' : firstPath}` +
          (count !== sessions ? `; WARNING: client returned ${count} sessions` : ''),
      };
    } finally {
      await floor.close();
    }
  } finally {
    await client.close();
  }
}

export async function pollScenario(ctx: BenchContext): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const sessions of ctx.sizes) {
    let sim: SimProcess;
    try {
      sim = await startSimProcess(sessions, 'manual', false);
    } catch (e) {
      rows.push(skippedRow('poll', sessions, 'ms', `skipped: simulator: ${(e as Error).message}`));
      continue;
    }
    try {
      for (const dialect of DIALECTS) {
        ctx.progress(`poll ${dialect} ${sessions}`);
        try {
          rows.push(await pollOne(sim, dialect, sessions, ctx, false));
          if (sessions === 10_000) rows.push(await pollOne(sim, dialect, sessions, ctx, true));
        } catch (e) {
          rows.push(skippedRow(`poll ${dialect}`, sessions, 'ms', `failed: ${(e as Error).message}`));
        }
      }
    } finally {
      await sim.stop();
    }
  }
  return rows;
}
