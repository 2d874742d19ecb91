// What of the close confirmation counts as seen: each part (question, session) line by line.
import { describe, expect, it } from 'vitest';
import { confirmText, confirmView, markSeen, nothingSeen, seenAll } from '../../src/ui/confirm-view.js';
import { makeSession } from '../core/helpers/sessions.js';

const list = [1, 2, 3].map((id) => makeSession({ id, user: 'u', address: '10.0.0.1', service: 'rw', idle: 5 }));

describe('confirmText', () => {
  it('names the owner of every line: the question, then each session', () => {
    const t = confirmText(list, 0, 30);
    expect(t.owners.length).toBe(t.lines.length);
    expect(t.owners[0]).toBe(0);
    expect([...new Set(t.owners)]).toEqual([0, 1, 2, 3]);
    // Each session's lines are consecutive.
    expect(t.owners).toEqual([...t.owners].sort((a, b) => a - b));
  });

  it('one session is all question', () => {
    expect(new Set(confirmText(list.slice(0, 1), 0, 20).owners)).toEqual(new Set([0]));
  });
});

describe('markSeen', () => {
  it('counts a session seen only when each of its lines has been in the window', () => {
    const width = 24; // each session wraps to several lines
    const full = confirmView(list, 0, width, 100, 0);
    const perSession = full.owners.filter((o) => o === 2).length;
    expect(perSession).toBeGreaterThan(1);
    const first2 = full.owners.indexOf(2);
    // A window of one line at a time over session 2's lines, minus its last.
    let seen = nothingSeen();
    for (let i = first2; i < first2 + perSession - 1; i++) seen = markSeen(seen, confirmView(list, 0, width, 1, i), width);
    expect(seen.parts.has(2)).toBe(false);
    seen = markSeen(seen, confirmView(list, 0, width, 1, first2 + perSession - 1), width);
    expect(seen.parts.has(2)).toBe(true);
    expect(seenAll(seen, full)).toBe(false);
    expect(seenAll(markSeen(seen, full, width), full)).toBe(true);
  });

  it('forgets lines seen in part when the width wraps them anew, keeps parts seen whole', () => {
    const view = (w: number, top: number) => confirmView(list, 0, w, 1, top);
    const a = confirmView(list, 0, 24, 100, 0);
    const first3 = a.owners.indexOf(3);
    let seen = markSeen(nothingSeen(), confirmView(list, 0, 24, first3, 0), 24); // question, 1 and 2
    seen = markSeen(seen, view(24, first3), 24); // session 3's first line only
    expect(seen.partly.get(3)?.size).toBe(1);
    const b = confirmView(list, 0, 30, 100, 0);
    const b3 = b.owners.indexOf(3);
    seen = markSeen(seen, confirmView(list, 0, 30, 1, b3 + 1), 30); // its second line at the new width
    expect(seen.parts.has(3)).toBe(false);
    expect(seen.parts.has(1) && seen.parts.has(2)).toBe(true);
  });

  it('a window with no room sees nothing', () => {
    const seen = markSeen(nothingSeen(), confirmView(list, 0, 80, 0, 0), 80);
    expect(seen.parts.size).toBe(0);
  });

  it('a part seen in part that then wraps to fewer lines is whole once those lines are shown', () => {
    // Session 1 wraps to 3 lines, the window shows its first 2; then its text gets shorter
    // (idle 59m59s → 1h00m) and it wraps to 2: the lines already seen cover it.
    const before = { lines: ['Q', '  a', '  b', '  c', '  d'], owners: [0, 1, 1, 1, 2], room: 3, top: 0 };
    let seen = markSeen(nothingSeen(), before, 40);
    expect(seen.parts.has(1)).toBe(false);
    const after = { lines: ['Q', '  a', '  b', '  d'], owners: [0, 1, 1, 2], room: 3, top: 0 };
    seen = markSeen(seen, after, 40);
    expect(seen.parts.has(1)).toBe(true);
  });
});
