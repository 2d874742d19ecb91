// patches/ink+6.8.0.patch gives Ink's Output.get() a fast path (a row one line lands on is that
// line) and keeps Ink's original grid algorithm callable as getByGrid(). These tests prove the two
// show the same screen, cell by cell in an xterm, for the frames the real UI draws and for the
// cases the fast path must hand to the grid (clipping, overlaps, wide and zero-width characters,
// styles left open, colours it does not model), so the patch cannot silently break the screen.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import chalk from 'chalk';
import { KEYS, startUi } from './helpers/harness.js';

interface Frame {
  output: string;
  height: number;
}
interface OutputLike {
  operations: unknown[];
  write(x: number, y: number, text: string, options: { transformers: ((s: string, i: number) => string)[] }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): Frame;
  getByRows(): Frame | undefined;
  getByGrid(): Frame;
}
type OutputClass = new (o: { width: number; height: number }) => OutputLike;

// Ink's own module instance (its package exports only the entry point).
const inkEntry = createRequire(import.meta.url).resolve('ink');
const { default: Output } = (await import(pathToFileURL(join(dirname(inkEntry), 'output.js')).href)) as { default: OutputClass };

/** What an xterm shows for `output` drawn from the top-left: every cell's text and attributes. */
async function screenCells(output: string, columns: number, rows: number): Promise<string[]> {
  const term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true, convertEol: true, scrollback: 0 });
  await new Promise<void>((resolve) => term.write(output, resolve));
  const buffer = term.buffer.active;
  const cells: string[] = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < rows; y++) {
    const row = buffer.getLine(y);
    for (let x = 0; x < columns; x++) {
      row?.getCell(x, cell);
      cells.push(
        [y, x, JSON.stringify(cell.getChars()), cell.getWidth(), cell.getFgColorMode(), cell.getFgColor(), cell.getBgColorMode(), cell.getBgColor()]
          .concat([cell.isBold(), cell.isDim(), cell.isInverse(), cell.isItalic(), cell.isUnderline(), cell.isStrikethrough(), cell.isInvisible(), cell.isBlink()].map(Number))
          .join(' '),
      );
    }
  }
  term.dispose();
  return cells;
}

/** Both algorithms on the same operations must show the same screen. */
async function expectSameScreen(out: OutputLike, columns: number, rows: number): Promise<void> {
  const patched = out.get();
  const original = out.getByGrid();
  expect(patched.height).toBe(original.height);
  expect(patched.output.split('\n')).toHaveLength(original.output.split('\n').length);
  // Followed by a marker in the default style: a style left open by a row would show on it.
  const tail = '\nMARK';
  expect(await screenCells(patched.output + tail, columns, rows)).toEqual(await screenCells(original.output + tail, columns, rows));
}

const none = { transformers: [] };
const bold = (s: string): string => `\x1b[1m${s}\x1b[22m`;
const red = (s: string): string => `\x1b[31m${s}\x1b[39m`;
const inverse = (s: string): string => `\x1b[7m${s}\x1b[27m`;

describe('Ink Output fast path (patches/ink+6.8.0.patch)', () => {
  it('is installed: the original algorithm stays callable and plain rows take the fast path', () => {
    const out = new Output({ width: 20, height: 3 });
    out.write(0, 0, 'hello   ', none);
    out.write(2, 2, 'world', none);
    expect(typeof out.getByGrid).toBe('function');
    expect(out.getByRows()).toEqual({ output: 'hello\n\n  world', height: 3 });
    expect(out.getByGrid()).toEqual({ output: 'hello\n\n  world', height: 3 });
  });

  it('plain rows are byte-identical to the grid, including empty lines, offsets and trailing spaces', () => {
    const out = new Output({ width: 30, height: 6 });
    out.write(0, 0, 'line one\n\n  indented   \nx', none);
    out.write(4, 4, 'at four ', none);
    out.write(0, 5, 'overflows the thirty column width of this frame', none);
    expect(out.getByRows()).toEqual(out.getByGrid());
  });

  it('styled rows show the same cells (bold, colour, inverse cursor line padded with spaces)', async () => {
    const out = new Output({ width: 40, height: 5 });
    out.write(0, 0, bold('sesstop ') + red(bold('STALE 3s')) + '  x', none);
    out.write(0, 1, inverse('> 17  alice   ' + ' '.repeat(20)), none);
    out.write(0, 2, `\x1b[2m${'dim'}\x1b[22m \x1b[33myellow\x1b[39m \x1b[1m\x1b[2mboth\x1b[22m end    `, none);
    out.write(0, 3, `\x1b[0m\x1b[35mreset\x1b[0m \x1b[m x`, none);
    out.write(3, 4, `\x1b[41mbg\x1b[49m`, { transformers: [(s: string) => red(s)] });
    expect(out.getByRows()).toBeDefined();
    await expectSameScreen(out, 40, 6);
  });

  it('rows the fast path must not take come from the grid: overlaps, wide, zero-width, open styles, 256 colours', async () => {
    const out = new Output({ width: 40, height: 8 });
    out.write(0, 0, 'under everything', none);
    out.write(6, 0, 'OVER', none); // two writes on one row
    out.write(0, 1, '🔒READ-ONLY 漢字 end', none); // wide characters
    out.write(0, 2, 'e\u0301 combining, zero\u200bwidth', none);
    out.write(0, 3, '\x1b[31mred never closed', none); // the grid closes it at the end of the row
    out.write(0, 4, '\x1b[38;5;208morange\x1b[39m \x1b[4munder\x1b[24m', none);
    out.write(0, 5, 'tab\there', none);
    out.write(0, 6, 'plain row beside them', none);
    const rows = out.getByRows();
    expect(rows).toBeDefined();
    const grid = out.getByGrid();
    // Rows handed to the grid are the grid's own bytes.
    for (const y of [0, 1, 2, 3, 4, 5]) expect(rows!.output.split('\n')[y]).toBe(grid.output.split('\n')[y]);
    await expectSameScreen(out, 40, 9);
  });

  it('frames with clipping or off-screen positions go wholly to the original algorithm', async () => {
    const clipped = new Output({ width: 20, height: 3 });
    clipped.clip({ x1: 2, x2: 8, y1: 0, y2: 2 });
    clipped.write(0, 0, 'clipped text here\nsecond', none);
    clipped.unclip();
    expect(clipped.getByRows()).toBeUndefined();
    expect(clipped.get()).toEqual(clipped.getByGrid());

    const above = new Output({ width: 20, height: 3 });
    above.write(0, -1, 'first\nsecond\nthird', none);
    expect(above.getByRows()).toBeUndefined();
    expect(above.get()).toEqual(above.getByGrid());

    const left = new Output({ width: 20, height: 3 });
    left.write(-2, 0, 'shifted', none);
    expect(left.getByRows()).toBeUndefined();
    expect(left.get()).toEqual(left.getByGrid());
  });

  it('multi-line writes get the transformer index of each line and stop at the last row', async () => {
    const out = new Output({ width: 20, height: 3 });
    out.write(1, 1, 'a\nb\nc\nd', { transformers: [(s: string, i: number) => `${i}:${s}`] });
    expect(out.getByRows()).toEqual(out.getByGrid());
  });

  describe('every frame of the real UI in colour, 200×50', () => {
    let level: typeof chalk.level;
    const frames: { patched: Frame; original: Frame; fast: boolean }[] = [];
    const realGet = Output.prototype.get;

    beforeAll(() => {
      level = chalk.level;
      chalk.level = 1; // the fake terminal is no TTY; the real one shows colours
      Output.prototype.get = function (this: OutputLike) {
        const patched = realGet.call(this);
        frames.push({ patched, original: this.getByGrid(), fast: this.getByRows() !== undefined });
        return patched;
      };
    });
    afterAll(() => {
      Output.prototype.get = realGet;
      chalk.level = level;
    });

    it('shows the same cells as the original algorithm in table, sort, filter, detail, help and read-only', async () => {
      const ui = await startUi({
        columns: 200,
        rows: 50,
        sim: { sessions: 300 },
        ui: { color: true, readOnly: true, idleWarnSec: 5, idleCritSec: 60 },
      });
      await ui.press(KEYS.pageDown, 'j', 'j', KEYS.pageUp, 'U', 'I');
      await ui.tick(2);
      await ui.press('/', 'a', 'l', KEYS.backspace, KEYS.enter, '?');
      await ui.press(KEYS.escape, KEYS.enter);
      await ui.press(KEYS.escape, 'j');
      await ui.quit();

      expect(frames.length).toBeGreaterThan(10);
      expect(frames.filter((f) => f.fast).length).toBeGreaterThan(10);
      expect(frames.some((f) => f.patched.output.includes('\x1b['))).toBe(true); // colours were on
      for (const { patched, original } of frames) {
        expect(patched.height).toBe(original.height);
        expect(await screenCells(patched.output + '\nMARK', 200, 52)).toEqual(await screenCells(original.output + '\nMARK', 200, 52));
      }
    });
  });
});
