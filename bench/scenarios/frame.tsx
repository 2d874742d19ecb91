// frame: full-screen Ink frames (200×50, production React, runUi's MAX_FPS and incremental mode) written to a
// counting TTY stream, with the real UI (runUi → App) showing a real poll of 10k sessions:
// - full frame: Page Down / Page Up alternately, so every table row changes;
//   floor: the same screen text (the UI's own line builders) as plain strings, one write;
// - keypress shown: a key typed into stdin until Ink has written the frame (move, sort, filter);
// - tick: the one-second screen ticker (IDLE and age columns advance);
// - bytes: a poll whose data did not change (0 expected) and one where a single cell changed;
// - Ink baseline: 49 plain lines in memoised <Text>, to separate Ink's own cost from the UI's;
// - end to end (not in quick runs): `r` at 100k until the new poll is on screen.
import { memo } from 'react';
import { Box, Text, render } from 'ink';
import type { Dialect, Session } from '../../src/core/model.js';
import { reducer, type UiAction } from '../../src/ui/state.js';
import { INCREMENTAL_RENDERING, MAX_FPS } from '../../src/ui/run.js';
import { CountingStdout, KeyboardStdin } from '../lib/fake-tty.js';
import { atMost, skippedRow, type ResultRow } from '../lib/report.js';
import { sample, samplePair, type Sampled } from '../lib/sampler.js';
import { SCREEN } from '../lib/view-pipeline.js';
import { FRAME_GAP_MS, startUiHarness, type UiHarness } from '../lib/ui-harness.js';
import { sleep } from '../lib/sleep.js';
import type { BenchContext } from './context.js';

const FRAME_LIMIT_MS = 8;
const KEYPRESS_LIMIT_MS = 16;
const E2E_LIMIT_MS = 500;
const SESSIONS = 10_000;
/** Ink's incremental mode moves the cursor over each unchanged line (ESC [E): a few bytes a line. */
const CURSOR_MOVE_BYTES = 4;
/** Colour and attribute escapes a styled line may add. */
const STYLE_BYTES = 64;

const gap = () => sleep(FRAME_GAP_MS);

function timedRow(scenario: string, sessions: number | null, s: Sampled, limit?: number, extra: Partial<ResultRow> = {}): ResultRow {
  const t = limit === undefined ? undefined : atMost(s.median, limit, `≤ ${limit} ms${scenario.startsWith('frame') ? ' median' : ''}`);
  const lost = s.samples.filter((x) => Number.isNaN(x)).length;
  return {
    scenario,
    sessions,
    unit: 'ms',
    median: s.median,
    p95: s.p95,
    runs: s.runs,
    target: t?.text,
    pass: t?.pass,
    ...extra,
    ...(lost ? { note: `WARNING: ${lost} runs wrote nothing within 5 s` } : {}),
  };
}

function changedLines(before: string[], after: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) if (before[i] !== after[i]) out.push(i);
  return out;
}

/** Bytes Ink writes for `action`, checked against the lines that really changed on screen. */
async function bytesRow(ui: UiHarness, scenario: string, action: () => void): Promise<ResultRow> {
  await gap();
  const before = ui.plainLines();
  const start = ui.stdout.bytes;
  action();
  await gap();
  const written = ui.stdout.bytes - start;
  const after = ui.plainLines();
  const changed = changedLines(before, after);
  const allowance = changed.length === 0 ? 0 : changed.reduce((sum, i) => sum + Buffer.byteLength(after[i]) + STYLE_BYTES, 0) + CURSOR_MOVE_BYTES * SCREEN.rows;
  const t = atMost(written, allowance, changed.length === 0 ? '0 B' : `≤ changed lines + moves (${allowance} B)`);
  return {
    scenario,
    sessions: ui.store.getState().sessions.length,
    unit: 'B',
    median: written,
    p95: null,
    runs: 1,
    floor: 'full screen text',
    floorMedian: Buffer.byteLength(after.join('\n')),
    ratio: written / Buffer.byteLength(after.join('\n')),
    target: t.text,
    pass: t.pass,
    note: `${changed.length} line(s) changed on screen${changed.length ? ` (lines ${changed.slice(0, 6).join(', ')}${changed.length > 6 ? ', …' : ''})` : ''}`,
  };
}

async function realUiRows(ctx: BenchContext): Promise<ResultRow[]> {
  const ui = await startUiHarness(SESSIONS, 'v1');
  const n = ui.store.getState().sessions.length;
  const runs = ctx.runs.normal * 2;
  const frameOf = (action: () => void) => () => ui.stdout.timeToWrite(action);
  try {
    const rows: ResultRow[] = [];
    let down = false;
    const pageMove = (): UiAction => ({ type: 'move', to: (down = !down) ? 'pageDown' : 'pageUp' });
    // The floor runs the same reducer step outside the store (React never sees it) and writes
    // the screen's text, built by the UI's own line builders, as one plain string.
    let floorState = ui.store.getState();
    const { subject, floor } = await samplePair(
      frameOf(() => ui.store.dispatch(pageMove())),
      () => {
        floorState = reducer(floorState, pageMove());
        ui.stdout.write(ui.plainLines(floorState).join('\n'));
      },
      { runs, warmup: 4, before: gap },
    );
    rows.push(
      timedRow('frame full screen (App)', n, subject, FRAME_LIMIT_MS, {
        floor: 'reducer + screen text as strings, 1 write',
        floorMedian: floor.median,
        ratio: subject.median / floor.median,
      }),
    );

    rows.push(timedRow('keypress move shown (j)', n, await sample(frameOf(() => ui.stdin.type('j')), { runs, before: gap }), KEYPRESS_LIMIT_MS));
    let byUser = false;
    rows.push(
      timedRow('keypress sort shown (U/I)', n, await sample(frameOf(() => ui.stdin.type((byUser = !byUser) ? 'U' : 'I')), { runs, before: gap }), KEYPRESS_LIMIT_MS),
    );
    ui.stdin.type('/');
    await gap();
    let typed = false;
    rows.push(
      timedRow(
        'keypress filter shown (a/⌫)',
        n,
        await sample(frameOf(() => ui.stdin.type((typed = !typed) ? 'a' : '\x7f')), { runs, before: gap }),
        KEYPRESS_LIMIT_MS,
      ),
    );
    if (typed) ui.stdin.type('\x7f');
    await gap();
    ui.stdin.type('\r');
    rows.push(timedRow('frame tick (1 s)', n, await sample(frameOf(() => ui.clock.advance(1000)), { runs, before: gap })));

    // Unchanged data: the same snapshot again until the sparkline is full of equal values.
    const state = ui.store.getState();
    const snapshot = { sessions: state.sessions, health: state.health, fetchedAt: state.fetchedAt ?? ui.clock.now() };
    const again = () => ui.store.dispatch({ type: 'snapshot', snapshot, at: ui.clock.now() });
    for (let i = 0; i < 25; i++) again();
    rows.push(await bytesRow(ui, 'frame poll, nothing changed', again));

    const shown: Session = ui.store.getState().visible[ui.store.getState().top + 5];
    const oneCell = state.sessions.map((s) => (s.key === shown.key ? { ...s, backends: (s.backends ?? 0) + 1, memory: (s.memory ?? 0) * 2 + 1e6 } : s));
    rows.push(await bytesRow(ui, 'frame poll, one row changed', () => ui.store.dispatch({ type: 'snapshot', snapshot: { ...snapshot, sessions: oneCell }, at: ui.clock.now() })));
    return rows;
  } finally {
    await ui.stop();
  }
}

async function endToEndRows(ctx: BenchContext, dialect: Dialect): Promise<ResultRow> {
  const sessions = 100_000;
  ctx.progress(`frame end to end ${dialect} 100k`);
  const ui = await startUiHarness(sessions, dialect);
  try {
    const polls = () => ui.store.getState().polls;
    const s = await sample(
      () => {
        const before = polls();
        return ui.stdout.timeToWrite(() => ui.stdin.type('r'), 30_000, () => polls() > before);
      },
      { runs: ctx.runs.large, warmup: 0, before: gap },
    );
    return timedRow(`poll+sort+frame (r) ${dialect}`, sessions, s, E2E_LIMIT_MS, { note: '`r` typed until the new poll is on screen' });
  } finally {
    await ui.stop();
  }
}

const Line = memo(function Line({ text }: { text: string }) {
  return <Text wrap="truncate-end">{text}</Text>;
});

function PlainScreen({ lines }: { lines: readonly string[] }) {
  return (
    <Box flexDirection="column" width={SCREEN.columns}>
      {lines.map((l, i) => (
        <Line key={i} text={l} />
      ))}
    </Box>
  );
}

/** Ink alone: 49 lines of 200 plain characters, all different each frame. */
async function inkBaselineRow(ctx: BenchContext): Promise<ResultRow> {
  const stdout = new CountingStdout(SCREEN.columns, SCREEN.rows);
  const linesFor = (k: number) => Array.from({ length: SCREEN.rows - 1 }, (_, i) => `${k} line ${i} `.padEnd(SCREEN.columns, '.'));
  const ink = render(<PlainScreen lines={linesFor(0)} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: new KeyboardStdin() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: MAX_FPS,
    incrementalRendering: INCREMENTAL_RENDERING,
  });
  let k = 0;
  const s = await sample(() => stdout.timeToWrite(() => ink.rerender(<PlainScreen lines={linesFor(++k)} />)), { runs: ctx.runs.normal * 2, before: gap });
  ink.unmount();
  return timedRow('frame Ink baseline', null, s, undefined, { note: '49 plain 200-char lines in memoised <Text>: what Ink itself costs per full frame' });
}

export async function frameScenario(ctx: BenchContext): Promise<ResultRow[]> {
  ctx.progress('frame');
  const rows: ResultRow[] = [await inkBaselineRow(ctx)];
  try {
    rows.push(...(await realUiRows(ctx)));
  } catch (e) {
    rows.push(skippedRow('frame (App)', SESSIONS, 'ms', `failed: ${(e as Error).message}`));
  }
  if (!ctx.quick) {
    for (const dialect of ['seed', 'v1'] as const) {
      try {
        rows.push(await endToEndRows(ctx, dialect));
      } catch (e) {
        rows.push(skippedRow(`poll+sort+frame ${dialect}`, 100_000, 'ms', `failed: ${(e as Error).message}`));
      }
    }
  }
  return rows;
}
