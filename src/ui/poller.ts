// Drives the pool: one poll in flight at a time, the next one `interval` after the previous
// ended, exponential backoff while polls fail, immediate poll on refresh/resume, and a detail
// fetch of the open session after each poll (details, and in v1 the per-server statistics, are
// fetched only while a detail pane is open).
import type { SessionPool } from '../api/pool.js';
import type { SessionsClient } from '../api/types.js';
import type { Store } from './store.js';
import type { UiClock } from './clock.js';
import { describeFailure } from './errors.js';
import { nextDelaySec } from './backoff.js';


/** Never give up on a host sooner than this: loopback and LAN answers come well within it. */
const MIN_PATIENCE_MS = 1000;

export interface Poller {
  start(): void;
  /** Polls now (unless one is in flight, whose end then triggers nothing extra). */
  refresh(): void;
  /** Re-plans the next poll after a pause/resume or interval change. */
  reschedule(): void;
  /** Fetches the open session's details now. */
  fetchDetail(): void;
  stop(): void;
}

export function createPoller(pool: SessionPool, store: Store, clock: UiClock, onPolled?: (sessions: number) => void): Poller {
  let timer: unknown = null;
  let inFlight = false;
  let stopped = false;
  // A detail read (and a server statistics read) at a time: asked for after every poll, reads of
  // a host slower than the interval would otherwise queue on its one connection without end, and
  // the next list poll, a close's re-read and DELETE wait behind all of them. One asked for while
  // one is running is made when it ends, for whatever pane is open then. With one at a time no
  // answer can overtake a later one, and the reducer drops one for a pane no longer open.
  let detailRunning = false;
  let detailWanted = false;
  const serversRunning = new Set<string>();
  /** By target: the poll (`polls` count) whose server statistics were asked for. */
  const serversAskedAt = new Map<string, number>();

  function clear(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  function schedule(): void {
    clear();
    const s = store.getState();
    if (stopped || s.paused || inFlight) return;
    const delay = nextDelaySec(s.intervalSec, s.stale?.failures ?? 0);
    // While stale the footer counts down to the retry: tell it when that is (a new interval or
    // a refresh moves it). Not otherwise: a state change every poll would cost a render.
    if (s.stale) store.dispatch({ type: 'retryAt', at: clock.now() + delay * 1000 });
    timer = clock.setTimeout(() => {
      timer = null;
      void poll();
    }, delay * 1000);
  }

  async function poll(): Promise<void> {
    if (inFlight || stopped) return;
    inFlight = true;
    clear();
    try {
      // A host that does not answer within the interval (or twice its usual time) no longer holds
      // back the others: its last data stays, marked down, and its request keeps running.
      const snapshot = await pool.poll({ patienceMs: Math.max(MIN_PATIENCE_MS, store.getState().intervalSec * 1000) });
      if (!stopped) store.dispatch({ type: 'snapshot', snapshot, at: clock.now() });
      // Only a poll that reached a target says how big the list is (one whose targets all failed
      // says nothing: the sessions shown are the kept ones).
      if (snapshot.health.some((h) => h.status === 'ok')) onPolled?.(snapshot.sessions.length);
    } catch (e) {
      if (!stopped) store.dispatch({ type: 'pollFailed', error: describeFailure(e), at: clock.now() });
    } finally {
      inFlight = false;
    }
    if (stopped) return;
    schedule();
    fetchDetail();
  }

  function fetchDetail(): void {
    const s = store.getState();
    const d = s.detail;
    // A session that left (or whose id names another one now) has nothing more to read.
    if (stopped || d === null || d.gone !== null) return;
    const seen = d.listed;
    const client = pool.clientFor(seen.target);
    if (!client) return;
    if (detailRunning) {
      // What the running read brings back still counts if it is for the pane open then.
      detailWanted = true;
      return;
    }
    detailRunning = true;
    void (async () => {
      try {
        const session = await client.getSession(seen.id);
        const connections = session.connections ?? (await client.getConnections(seen.id));
        if (!stopped) store.dispatch({ type: 'detailLoaded', key: d.key, session, connections, at: clock.now() });
      } catch (e) {
        if (!stopped) store.dispatch({ type: 'detailFailed', key: d.key, error: describeFailure(e) });
      } finally {
        detailRunning = false;
        if (detailWanted) {
          detailWanted = false;
          fetchDetail();
        }
      }
    })();
    // After the session's own read: both queue on the target's one connection.
    fetchServers(client, seen.target);
  }

  /** v1 per-server statistics for the open detail pane: at most once per poll and target. */
  function fetchServers(client: SessionsClient, target: string): void {
    const s = store.getState();
    if (s.health.find((h) => h.target === target)?.dialect !== 'v1') return; // the seed API has none
    if (serversAskedAt.get(target) === s.polls || serversRunning.has(target)) return;
    serversAskedAt.set(target, s.polls);
    serversRunning.add(target);
    client
      .getServers()
      .then(
        (servers) => {
          if (!stopped) store.dispatch({ type: 'serversLoaded', target, servers });
        },
        (e: unknown) => {
          if (!stopped) store.dispatch({ type: 'serversFailed', target, error: describeFailure(e) });
        },
      )
      .finally(() => serversRunning.delete(target));
  }

  return {
    start: () => void poll(),
    refresh: () => void poll(),
    reschedule: schedule,
    fetchDetail,
    stop() {
      stopped = true;
      clear();
    },
  };
}
