import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHeader, formatRow, layoutColumns, layoutWidth } from '../../src/core/columns.js';
import { cellWidth } from '../../src/core/text.js';
import { makeSession } from './helpers/sessions.js';

const all = { multiTarget: true, hasMemory: true, hasIo: true };
const none = { multiTarget: false, hasMemory: false, hasIo: false };

describe('layoutColumns', () => {
  it('shows optional columns only when the data has them', () => {
    expect(layoutColumns(250, none).map((c) => c.title)).toEqual([
      'ID', 'USER', 'CLIENT', 'SERVICE', 'STATE', 'CONNECTED', 'IDLE', 'BACKENDS',
    ]);
    expect(layoutColumns(250, all).map((c) => c.title)).toEqual([
      'ID', 'HOST', 'USER', 'CLIENT', 'SERVICE', 'STATE', 'CONNECTED', 'IDLE', 'BACKENDS', 'MEMORY', 'I/O',
    ]);
  });
  it('drops low-priority columns first on narrow terminals', () => {
    const titles = layoutColumns(60, all).map((c) => c.title);
    expect(titles).toContain('ID');
    expect(titles).toContain('USER');
    expect(titles).toContain('IDLE');
    expect(titles).not.toContain('I/O');
    expect(titles).not.toContain('MEMORY');
    expect(layoutColumns(20, all).map((c) => c.title)).toEqual(['ID', 'IDLE']);
  });
  it('a narrow terminal shows the columns that fit, by priority, before any grows: not USER over most of the row', () => {
    const widths = (w: number) => layoutColumns(w, all).map((c) => [c.title, c.width]);
    // A 40-column terminal (38 cells after the cursor and tag marks): CLIENT (15 cells) does not
    // fit beside ID, USER and IDLE; SERVICE does, and takes the room USER took (21 cells).
    expect(widths(38)).toEqual([['ID', 6], ['USER', 10], ['SERVICE', 12], ['IDLE', 7]]);
    expect(widths(32)).toEqual([['ID', 6], ['USER', 8], ['SERVICE', 8], ['IDLE', 7]]);
    // Too narrow for a fourth column: ID, USER and IDLE share it, as before.
    expect(widths(31)).toEqual([['ID', 8], ['USER', 14], ['IDLE', 7]]);
    // Room for CLIENT: it comes before SERVICE and STATE, as before.
    expect(widths(39).map(([t]) => t)).toEqual(['ID', 'USER', 'CLIENT', 'IDLE']);
    for (let w = 1; w <= 400; w++) {
      for (const o of [all, none]) {
        const user = layoutColumns(w, o).find((c) => c.title === 'USER');
        if (user) expect(user.width).toBeLessThanOrEqual(Math.max(14, Math.floor(w / 2)));
      }
    }
  });
  it('property: the layout is exactly the requested width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.boolean(), fc.boolean(), (w, m, mem, io) => {
        expect(layoutWidth(layoutColumns(w, { multiTarget: m, hasMemory: mem, hasIo: io }))).toBe(w);
      }),
    );
  });
});

describe('formatHeader / formatRow', () => {
  const s = makeSession({
    id: 42, user: 'alice', address: '10.1.2.3', port: 4000, service: 'rw', state: 'Session started',
    idle: 2820, polledAt: 0, connected: new Date(0), memory: 66 * 1024, ioActivity: 12, backends: 3,
  });
  it('formats one padded row of the layout width', () => {
    const cols = layoutColumns(120, all);
    // 3h12m after the poll (at 0): idle 2820 s + that = 3h59m; connected at 0: 3h12m ago.
    const row = formatRow(cols, s, 3 * 3600 * 1000 + 12 * 60 * 1000);
    expect(cellWidth(row)).toBe(120);
    expect(row).toMatch(/^\s+42 /);
    expect(row).toContain('alice');
    expect(row).toContain('10.1.2.3:4000');
    expect(row).toContain('3h59m');
    expect(row).toContain('3h12m');
    expect(row).toContain('66K');
  });
  it('marks the sort column in the header', () => {
    const cols = layoutColumns(120, none);
    const h = formatHeader(cols, { column: 'idle', descending: true });
    expect(h).toContain('IDLE▼');
    expect(cellWidth(h)).toBe(120);
    expect(formatHeader(cols, { column: 'user', descending: false })).toContain('USER▲');
  });
  it('sanitises and truncates hostile and wide server text without exceeding the width', () => {
    const evil = makeSession({ id: 1, user: '\x1b]52;c;aGk=\x07' + '日本'.repeat(40), service: '\u202eevil', state: '\x9b2J' });
    for (const w of [40, 80, 133, 250]) {
      const row = formatRow(layoutColumns(w, all), evil, 0);
      expect(cellWidth(row)).toBe(w);
      expect(row).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
    }
  });
});
