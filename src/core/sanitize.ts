// Makes untrusted server text safe to put on a terminal line.
//
// Representation (documented in the README and `?` help):
// - C0 controls (U+0000–U+001F, incl. ESC, BEL, TAB, CR, LF) and DEL use caret notation as `cat -v`
//   does: ESC → `^[`, BEL → `^G`, TAB → `^I`, LF → `^J`, DEL → `^?`.
// - C1 controls (U+0080–U+009F), bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069), the
//   line/paragraph separators (U+2028/9) and invisible format characters (soft hyphen U+00AD,
//   zero-width space/joiners U+200B–200D, word joiner and invisible operators U+2060–2064 and
//   U+206A–206F, BOM U+FEFF, fillers, interlinear annotations U+FFF9–FFFB, and beyond the BMP the
//   Egyptian hieroglyph format controls U+13430–1343F, shorthand format controls U+1BCA0–1BCA3,
//   musical beam/tie/slur/phrase controls U+1D173–1D17A and tag characters U+E0000–E007F), the
//   variation selectors (U+FE00–FE0D, U+E0100–E01EF; U+FE0E/FE0F too, except right after an emoji
//   they present), the braille blank U+2800 and lone surrogates (which a terminal draws as one
//   cell, `�`, where they measure none) are shown as `<U+XXXX>`.
// So no ESC/CSI/OSC (7-bit or 8-bit) sequence and no bidi override can reach the terminal, and two
// names that differ only by an invisible character (`admin` and `adm<U+200B>in`) never look alike.

export const DEFAULT_MAX_CHARS = 256;

// Characters that must never pass through raw.
// The BMP set is written once and shared by the fast-path test and the JSON escaper; the astral
// ones are surrogate pairs: a high surrogate and a range of low ones.
const UNSAFE_BMP =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f' +
  '\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u2800\\u3164\\ufe00-\\ufe0d\\ufeff\\uffa0\\ufff0-\\ufffb';
/** The emoji/text presentation selectors: harmless right after an emoji, invisible anywhere else. */
const PRESENTATION_SELECTORS = '\\ufe0e\\ufe0f';
const EMOJI = /^\p{Extended_Pictographic}$/u;
/** [high surrogate, first low, last low] of U+13430–1343F, U+1BCA0–1BCA3, U+1D173–1D17A, U+E0000–E007F, U+E0100–E01EF. */
const UNSAFE_ASTRAL: ReadonlyArray<readonly [number, number, number]> = [
  [0xd80d, 0xdc30, 0xdc3f],
  [0xd82f, 0xdca0, 0xdca3],
  [0xd834, 0xdd73, 0xdd7a],
  [0xdb40, 0xdc00, 0xdc7f],
  [0xdb40, 0xdd00, 0xddef],
];
const hex = (n: number): string => `\\u${n.toString(16)}`;
const UNSAFE_PAIRS = UNSAFE_ASTRAL.map(([h, lo, hi]) => `${hex(h)}[${hex(lo)}-${hex(hi)}]`).join('|');
// The fast path tests one character class (those high surrogates included, so a plain class stays
// fast); the slow path tells an unsafe pair from other pairs with the same high surrogate.
// Lone surrogates pass that test; String#isWellFormed (native) finds them.
const MAYBE_UNSAFE = new RegExp(`[${UNSAFE_BMP}${PRESENTATION_SELECTORS}${UNSAFE_ASTRAL.map(([h]) => hex(h)).join('')}]`);
const UNSAFE_CHAR = new RegExp(`^[${UNSAFE_BMP}]$`);
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
/** Runs of unsafe characters, for callers that replace rather than show them (one-line errors). */
export const UNSAFE_RUNS = new RegExp(`(?:[${UNSAFE_BMP}${PRESENTATION_SELECTORS}]|${UNSAFE_PAIRS}|${LONE_SURROGATE})+`, 'g');

const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();
const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

function visibleForm(code: number): string {
  if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return '^?';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function isUnsafe(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xad && UNSAFE_CHAR.test(String.fromCharCode(code)));
}

const isUnsafePair = (high: number, low: number): boolean => UNSAFE_ASTRAL.some(([h, lo, hi]) => high === h && low >= lo && low <= hi);

/**
 * One display-safe line of at most `maxChars` UTF-16 code units (`…` marks a cut).
 * Reads at most about `maxChars` characters of the input, however long it is.
 */
export function sanitize(text: unknown, maxChars: number = DEFAULT_MAX_CHARS): string {
  if (text === null || text === undefined) return '';
  const str = typeof text === 'string' ? text : String(text);
  const limit = Math.max(1, Math.floor(maxChars));
  // Fast path: short and clean (the regex sees at most limit+1 chars).
  if (str.length <= limit && !MAYBE_UNSAFE.test(str) && isWellFormed(str)) return str;
  let out = '';
  let i = 0;
  /** The last character kept as it is (a presentation selector is kept only after an emoji). */
  let previous = '';
  for (; i < str.length; i++) {
    const code = str.charCodeAt(i);
    let piece: string;
    if (isUnsafe(code)) piece = visibleForm(code);
    else if (code === 0xfe0e || code === 0xfe0f) piece = EMOJI.test(previous) ? str[i] : visibleForm(code);
    else if (i + 1 < str.length && isUnsafePair(code, str.charCodeAt(i + 1))) {
      piece = visibleForm(str.codePointAt(i)!);
      i++;
    } else if (isHighSurrogate(code) && i + 1 < str.length && isLowSurrogate(str.charCodeAt(i + 1))) {
      // Keep surrogate pairs whole so a cut never splits a character.
      piece = str.slice(i, i + 2);
      i++;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) piece = visibleForm(code);
    else piece = str[i];
    previous = piece;
    if (out.length + piece.length > limit) {
      return cutWithEllipsis(out, limit);
    }
    out += piece;
  }
  return out;
}

function cutWithEllipsis(out: string, limit: number): string {
  let cut = out.slice(0, limit - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut + '…';
}

// C0 controls and lone surrogates never occur raw in JSON.stringify output; everything else
// unsafe can (presentation selectors are escaped wherever they are: the value is the same).
const JSON_UNSAFE = new RegExp(`[${UNSAFE_BMP.replace('\\u0000-\\u001f', '')}${PRESENTATION_SELECTORS}]|${UNSAFE_PAIRS}`, 'g');

const jsonEscape = (c: string): string => c.split('').map((u) => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0')).join('');

/**
 * Escapes DEL, C1, bidi, line-separator and invisible format characters as `\uXXXX` inside JSON text that
 * `JSON.stringify` produced (it leaves them raw). Those characters can only occur inside JSON
 * strings, where `\uXXXX` means the same thing, so the JSON value is unchanged.
 */
export function sanitizeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, jsonEscape);
}
