import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sanitize, sanitizeJsonText } from '../../src/core/sanitize.js';

// Written out independently of the module, so a character dropped from its set fails here.
// (With the u flag a surrogate range matches lone surrogates only.)
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0d\ufeff\uffa0\ufff0-\ufffb\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}\u{13430}-\u{1343F}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\ud800-\udfff]|(?<!\p{Extended_Pictographic})[\ufe0e\ufe0f]/u;

describe('sanitize', () => {
  it('makes C0, DEL and ESC visible in caret notation', () => {
    expect(sanitize('a\x1b[31mb')).toBe('a^[[31mb');
    expect(sanitize('\x1b]52;c;aGk=\x07')).toBe('^[]52;c;aGk=^G');
    expect(sanitize('x\ty\r\nz\x7f')).toBe('x^Iy^M^Jz^?');
    expect(sanitize('\0')).toBe('^@');
  });
  it('makes C1 and bidi controls visible as <U+XXXX>', () => {
    expect(sanitize('a\u009b31mb')).toBe('a<U+009B>31mb');
    expect(sanitize('\u202egnp.exe')).toBe('<U+202E>gnp.exe');
    expect(sanitize('\u2066\u2069\u200e\u061c')).toBe('<U+2066><U+2069><U+200E><U+061C>');
  });
  it('shows invisible format characters, so names differing only by one never look alike', () => {
    expect(sanitize('adm\u200bin')).toBe('adm<U+200B>in');
    expect(sanitize('a\u200cb\u200dc\u2060d\ufeffe\u00adf')).toBe('a<U+200C>b<U+200D>c<U+2060>d<U+FEFF>e<U+00AD>f');
    // Tag characters (an invisible copy of ASCII) are one code point each, shown as such.
    expect(sanitize('ok\udb40\udc41\udb40\udc7f!')).toBe('ok<U+E0041><U+E007F>!');
    // So are the other invisible format controls beyond the BMP (musical beams and slurs,
    // shorthand, Egyptian hieroglyph layout), each shown as one code point…
    expect(sanitize('a\u{1D173}b\u{1D17A}c\u{1BCA0}d\u{13430}e')).toBe('a<U+1D173>b<U+1D17A>c<U+1BCA0>d<U+13430>e');
    expect(sanitizeJsonText(JSON.stringify('x\u{1D173}y'))).toBe('"x\\ud834\\udd73y"');
    // …while their visible neighbours, emoji and other astral characters are untouched.
    expect(sanitize('\u{1D172}\u{1D17B}\u{1D11E}\u{1BC9F}\u{1342F}')).toBe('\u{1D172}\u{1D17B}\u{1D11E}\u{1BC9F}\u{1342F}');
    expect(sanitize('db\u{1F600}')).toBe('db\u{1F600}');
    expect(sanitize('x\u200b', 3)).toBe('x…');
  });
  it('shows variation selectors and the braille blank, except an emoji presentation selector after its emoji', () => {
    expect(sanitize('adm\ufe00in')).toBe('adm<U+FE00>in');
    expect(sanitize('admin\udb40\udd01')).toBe('admin<U+E0101>');
    expect(sanitize('adm\ufe0fin\ufe0e')).toBe('adm<U+FE0F>in<U+FE0E>');
    expect(sanitize('admin\u2800')).toBe('admin<U+2800>');
    expect(sanitize('\u2764\ufe0f \u{1F44D}\ufe0f \u2764\ufe0e')).toBe('\u2764\ufe0f \u{1F44D}\ufe0f \u2764\ufe0e');
    // Only right after the emoji: a second one, or one after a shown character, is shown.
    expect(sanitize('\u2764\ufe0f\ufe0f')).toBe('\u2764\ufe0f<U+FE0F>');
    expect(sanitize('\u200b\ufe0f')).toBe('<U+200B><U+FE0F>');
  });
  it('shows lone surrogates (a terminal draws one cell where they measure none)', () => {
    expect(sanitize('\ud83d')).toBe('<U+D83D>');
    expect(sanitize('a\ud83db\ude00c')).toBe('a<U+D83D>b<U+DE00>c');
    expect(sanitize('\ude00\ud83d')).toBe('<U+DE00><U+D83D>');
    expect(sanitize('\ud83d\ud83d\ude00')).toBe('<U+D83D>\u{1F600}');
    expect(sanitize('\ud83d'.repeat(100), 20)).toBe('<U+D83D><U+D83D>…');
  });
  it('converts non-strings and empties', () => {
    expect(sanitize(null)).toBe('');
    expect(sanitize(undefined)).toBe('');
    expect(sanitize(42)).toBe('42');
    expect(sanitize({ toString: () => 'x\x1b' })).toBe('x^[');
  });
  it('leaves ordinary text, including wide characters, alone', () => {
    expect(sanitize('José 日本 🎉')).toBe('José 日本 🎉');
  });
  it('truncates with … to maxChars and never splits a surrogate pair', () => {
    expect(sanitize('abcdefgh', 5)).toBe('abcd…');
    expect(sanitize('\x1b\x1b\x1b\x1b', 5)).toBe('^[^[…');
    const out = sanitize('a🎉🎉🎉', 3);
    expect(out).toBe('a…');
  });
  it('handles a 1 MB string quickly and returns at most maxChars', () => {
    const big = '\x1b'.repeat(1_000_000);
    const out = sanitize(big, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.endsWith('…')).toBe(true);
  });
  it('property: output never contains a control, C1 or bidi character and respects maxChars', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (s, max) => {
        const out = sanitize(s, max);
        expect(UNSAFE.test(out)).toBe(false);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 500 },
    );
  });
  it('property: clean short strings pass unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (s) => {
        fc.pre(!UNSAFE.test(s));
        expect(sanitize(s, 256)).toBe(s);
      }),
    );
  });
});

describe('sanitizeJsonText', () => {
  it('escapes C1, DEL and bidi characters that JSON.stringify leaves raw, keeping the value', () => {
    const value = { user: 'a\u009b\u202e\x7fb\x1b' };
    const text = sanitizeJsonText(JSON.stringify(value));
    expect(UNSAFE.test(text)).toBe(false);
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });
  it('escapes variation selectors and the braille blank, wherever they are', () => {
    const value = { user: 'adm\ufe00in\u2800\u2764\ufe0f\udb40\udd01' };
    const text = sanitizeJsonText(JSON.stringify(value));
    expect(text).toBe('{"user":"adm\\ufe00in\\u2800\u2764\\ufe0f\\udb40\\udd01"}');
    expect(JSON.parse(text)).toEqual(value);
  });
  it('escapes zero-width and tag characters too', () => {
    const value = { user: 'adm\u200bin\udb40\udc41' };
    const text = sanitizeJsonText(JSON.stringify(value));
    expect(text).toBe('{"user":"adm\\u200bin\\udb40\\udc41"}');
    expect(JSON.parse(text)).toEqual(value);
  });
  it('property: round-trips any value and contains no unsafe characters', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = sanitizeJsonText(JSON.stringify(v));
        expect(UNSAFE.test(text)).toBe(false);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});
