// Batch mode: poll, print in the chosen format, repeat `iterations` times (0 = until interrupted).
// One host down never hides the others: their sessions are printed and the exit status says
// `partial`. With --warn-idle/--crit-idle on the command line it is a Nagios check instead.
import type { SessionPool } from '../../api/pool.js';
import type { PoolSnapshot } from '../../api/types.js';
import { applyView } from '../../core/view.js';
import { sanitize } from '../../core/sanitize.js';
import type { Session } from '../../core/model.js';
import { sessionAsOf } from '../../core/session-time.js';
import { sleep, type LineWriter } from '../output.js';
import type { TopSettings } from '../settings.js';
import { EXIT } from '../exit-codes.js';
import { formatJsonDocument, formatNdjson, formatTable, formatTsv, tableWidth } from './formats.js';
import { healthSummary, pollExitCode, worseExit } from './health.js';
import { evaluateNagios } from './nagios.js';

export interface BatchContext {
  pool: SessionPool;
  settings: TopSettings;
  out: LineWriter;
  err: LineWriter;
  env: NodeJS.ProcessEnv;
  /** Width of the terminal stdout is, if it is one. */
  terminalColumns?: number;
  /** Aborted on SIGINT/SIGTERM. */
  interrupt: AbortSignal;
}

/** The sessions to print, their idle times and ages as of the poll's end (sessions reused from an earlier poll too). */
function visible(snapshot: PoolSnapshot, settings: TopSettings): Session[] {
  return applyView(snapshot.sessions.map((s) => sessionAsOf(s, snapshot.fetchedAt)), {
    filter: settings.filter,
    minIdle: settings.minIdle,
    sort: settings.sort,
    descending: settings.descending,
  });
}

function render(sessions: Session[], snapshot: PoolSnapshot, ctx: BatchContext, first: boolean): string[] {
  const { settings } = ctx;
  switch (settings.format) {
    case 'table': {
      const lines = formatTable(sessions, {
        width: tableWidth(ctx.env, ctx.terminalColumns),
        multiTarget: snapshot.health.length > 1,
        sort: { column: settings.sort, descending: settings.descending },
        nowMs: snapshot.fetchedAt,
      });
      // Polls after the first are separated by a blank line, as `top -b` separates screens.
      return first ? lines : ['', ...lines];
    }
    case 'tsv':
      return first ? formatTsv(sessions) : formatTsv(sessions).slice(1);
    case 'json':
      return [formatJsonDocument(sessions, snapshot.health, snapshot.fetchedAt)];
    case 'ndjson':
      return formatNdjson(sessions, snapshot.fetchedAt);
  }
}

/** A poll, or null as soon as Ctrl-C comes: a host that does not answer must not hold it for --timeout. */
async function pollUnlessInterrupted(pool: BatchContext['pool'], interrupt: AbortSignal): Promise<PoolSnapshot | null> {
  if (interrupt.aborted) return null;
  let stop: (() => void) | undefined;
  const interrupted = new Promise<null>((resolve) => {
    stop = () => resolve(null);
    interrupt.addEventListener('abort', stop, { once: true });
  });
  try {
    return await Promise.race([pool.poll(), interrupted]);
  } finally {
    interrupt.removeEventListener('abort', stop!);
  }
}

export async function runBatch(ctx: BatchContext): Promise<number> {
  const { pool, settings, out, err } = ctx;
  if (settings.monitoring) {
    const snapshot = await pollUnlessInterrupted(pool, ctx.interrupt);
    // Whatever the hosts' requests say once they are cut short is not their state.
    if (snapshot === null || ctx.interrupt.aborted) {
      out.line('SESSTOP UNKNOWN - interrupted before the check finished');
      return EXIT.interrupted;
    }
    const result = evaluateNagios({
      sessions: visible(snapshot, settings),
      health: snapshot.health,
      warnIdle: settings.warnIdle,
      critIdle: settings.critIdle,
    });
    out.line(result.line);
    return result.exitCode;
  }

  let exitCode: number = EXIT.ok;
  let printedAny = false;
  for (let i = 0; settings.iterations === 0 || i < settings.iterations; i++) {
    if (i > 0) {
      await sleep(settings.intervalSec * 1000, ctx.interrupt);
      if (ctx.interrupt.aborted) break;
    }
    const snapshot = await pollUnlessInterrupted(pool, ctx.interrupt);
    if (snapshot === null || ctx.interrupt.aborted) break;
    const code = pollExitCode(snapshot.health);
    exitCode = worseExit(exitCode, code);
    if (snapshot.health.length > 1) err.line(`sesstop: hosts: ${healthSummary(snapshot.health)}`);
    else if (code !== EXIT.ok) err.line(`sesstop: ${sanitize(snapshot.health[0]?.error ?? 'no answer', 300)}`);
    // A poll where every host failed prints nothing: there is no data to show.
    if (code === EXIT.ok || code === EXIT.partial) {
      out.lines(render(visible(snapshot, settings), snapshot, ctx, !printedAny));
      printedAny = true;
    }
    if (out.broken) break;
  }
  if (ctx.interrupt.aborted) return EXIT.interrupted;
  // Over several polls, some of which printed, a poll no host answered is a partial failure.
  return printedAny && exitCode === EXIT.unreachable ? EXIT.partial : exitCode;
}
