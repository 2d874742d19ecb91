// Makes untrusted server text safe to put on a terminal line.
//
// Representation (documented in the README and `?` help):
// - C0 controls (U+0000–U+001F, incl. ESC, BEL, TAB, CR, LF) and DEL use caret notation as `cat -v`
//   does: ESC → `^[`, BEL → `^G`, TAB → `^I`, LF → `^J`, DEL → `^?`.
// - C1 controls (U+0080–U+009F), bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069), the
//   line/paragraph separators (U+2028/9) and invisible format characters (soft hyphen U+00AD,
//   zero-width space/joiners U+200B–200D, word joiner and invisible operators U+2060–2064 and
//   U+206A–206F, BOM U+FEFF, fillers, interlinear annotations U+FFF9–FFFB, tag characters
//   U+E0000–E007F) are shown as `<U+XXXX>`.
// So no ESC/CSI/OSC (7-bit or 8-bit) sequence and no bidi override can reach the terminal, and two
// names that differ only by an invisible character (`admin` and `adm<U+200B>in`) never look alike.

export const DEFAULT_MAX_CHARS = 256;

// Characters that must never pass through raw.
// The BMP set is written once and shared by the fast-path test and the JSON escaper; tag characters
// (U+E0000–E007F) are the surrogate pair \uDB40 + \uDC00–\uDC7F.
const UNSAFE_BMP =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f' +
  '\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff0-\\ufffb';
// The fast path tests one character class (the high surrogate of tag characters included, so a
// plain class stays fast); the slow path tells a tag character from other \uDB40 pairs.
const MAYBE_UNSAFE = new RegExp(`[${UNSAFE_BMP}\\udb40]`);
const UNSAFE_CHAR = new RegExp(`^[${UNSAFE_BMP}]$`);
/** Runs of unsafe characters, for callers that replace rather than show them (one-line errors). */
export const UNSAFE_RUNS = new RegExp(`(?:[${UNSAFE_BMP}]|\\udb40[\\udc00-\\udc7f])+`, 'g');

function visibleForm(code: number): string {
  if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return '^?';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function isUnsafe(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xad && UNSAFE_CHAR.test(String.fromCharCode(code)));
}

const isTagPair = (high: number, low: number): boolean => high === 0xdb40 && low >= 0xdc00 && low <= 0xdc7f;

/**
 * One display-safe line of at most `maxChars` UTF-16 code units (`…` marks a cut).
 * Reads at most about `maxChars` characters of the input, however long it is.
 */
export function sanitize(text: unknown, maxChars: number = DEFAULT_MAX_CHARS): string {
  if (text === null || text === undefined) return '';
  const str = typeof text === 'string' ? text : String(text);
  const limit = Math.max(1, Math.floor(maxChars));
  // Fast path: short and clean (the regex sees at most limit+1 chars).
  if (str.length <= limit && !MAYBE_UNSAFE.test(str)) return str;
  let out = '';
  let i = 0;
  for (; i < str.length; i++) {
    const code = str.charCodeAt(i);
    let piece: string;
    if (isUnsafe(code)) piece = visibleForm(code);
    else if (i + 1 < str.length && isTagPair(code, str.charCodeAt(i + 1))) {
      piece = visibleForm(str.codePointAt(i)!);
      i++;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
      // Keep surrogate pairs whole so a cut never splits a character.
      piece = str.slice(i, i + 2);
      i++;
    } else piece = str[i];
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

// C0 controls never occur raw in JSON.stringify output; everything else unsafe can.
const JSON_UNSAFE = new RegExp(`[${UNSAFE_BMP.replace('\\u0000-\\u001f', '')}]|\\udb40[\\udc00-\\udc7f]`, 'g');

const jsonEscape = (c: string): string => c.split('').map((u) => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0')).join('');

/**
 * Escapes DEL, C1, bidi, line-separator and invisible format characters as `\uXXXX` inside JSON text that
 * `JSON.stringify` produced (it leaves them raw). Those characters can only occur inside JSON
 * strings, where `\uXXXX` means the same thing, so the JSON value is unchanged.
 */
export function sanitizeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, jsonEscape);
}
