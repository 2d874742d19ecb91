// patches/ink+6.8.0.patch bounds Ink's text-measurement cache. Unpatched, Ink keeps the size of
// every text it has ever laid out; the table's rows change every second (idle times), so a
// sesstop left running grew by ~10 MB an hour (measured at 1 s polls on a 200×50 screen).
// The same patch makes drawing a frame use the size layout has just measured (and cached) instead
// of measuring every line of the screen again, which was a third of a 200×50 frame (3.3 → 1.8 ms).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createElement } from 'react';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';

type Dimensions = { width: number; height: number };
// Ink's own module instance (its package exports only the entry point).
const inkEntry = createRequire(import.meta.url).resolve('ink');
const { default: measureText } = (await import(pathToFileURL(join(dirname(inkEntry), 'measure-text.js')).href)) as {
  default: (text: string) => Dimensions;
};

describe("Ink's measureText cache", () => {
  it('still answers repeated texts from the cache', () => {
    const first = measureText('repeated row │ 12:00:01');
    expect(measureText('repeated row │ 12:00:01')).toBe(first);
    expect(first).toEqual({ width: 23, height: 1 });
  });

  it('forgets old texts once many others were measured (bounded, not one entry per text ever seen)', () => {
    const old = measureText('a row as it looked an hour ago');
    for (let i = 0; i < 20_000; i++) measureText(`row ${i} idle ${i % 3600}s`.padEnd(200));
    const again = measureText('a row as it looked an hour ago');
    expect(again).toEqual(old);
    expect(again).not.toBe(old); // measured anew: the old entry was dropped
  });
});

describe("Ink's measureText fast path", () => {
  it('measures a line of one-cell characters by its length, and anything else as string-width does', async () => {
    const { default: stringWidth } = await import('string-width');
    const { isNarrowText, NARROW_TEXT } = await import('../../src/core/text.js');
    // The patch is applied, with sesstop's own character set.
    expect(readFileSync(join(dirname(inkEntry), 'measure-text.js'), 'utf8')).toContain(`const NARROW_LINE = /${NARROW_TEXT.source}/;`);
    const texts = ['sesstop  ▁▂▃▅▇█  │ started 9,800  ▼ IDLE', 'élan Жук … → ▲', 'wide 日本 and 😀', 'e\u0301 combined', '☺\ufe0f', 'two\nlines here', 'soft\u00adhyphen'];
    for (const text of texts) {
      const lines = text.split('\n');
      expect(measureText(text)).toEqual({ width: Math.max(...lines.map((l) => stringWidth(l))), height: lines.length });
    }
    // The patch's character set is sesstop's own: every character it takes for one cell, Ink does too.
    for (let cp = 0x20; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (isNarrowText(ch)) expect(measureText(`[${ch}]`).width).toBe(3);
    }
  });
});

describe('drawing a frame', () => {
  it("uses the layout's cached measurement of a text, not a second measurement", () => {
    // A planted cache entry says this 16-column text is 4 wide. Unpatched, drawing measures it
    // again, finds it wider than its 4-column box and wraps it over four lines; patched, it
    // trusts the entry layout used and writes the line once.
    const text = 'planted-measures';
    Object.assign(measureText(text), { width: 4 });
    const { lastFrame, unmount } = render(createElement(Box, { width: 10 }, createElement(Text, null, text)));
    try {
      expect(lastFrame()).toBe(text);
    } finally {
      unmount();
    }
  });
});
