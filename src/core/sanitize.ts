// Makes untrusted server text safe to put on a terminal line.
//
// Representation (documented in the README and `?` help):
// - C0 controls (U+0000–U+001F, incl. ESC, BEL, TAB, CR, LF) and DEL use caret notation as `cat -v`
//   does: ESC → `^[`, BEL → `^G`, TAB → `^I`, LF → `^J`, DEL → `^?`.
// - C1 controls (U+0080–U+009F), bidi controls (U+061C, U+200E/F, U+202A–202E, U+2066–2069) and the
//   line/paragraph separators (U+2028/9) are shown as `<U+XXXX>`.
// So no ESC/CSI/OSC (7-bit or 8-bit) sequence and no bidi override can reach the terminal.

export const DEFAULT_MAX_CHARS = 256;

// Characters that must never pass through raw.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function visibleForm(code: number): string {
  if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return '^?';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * One display-safe line of at most `maxChars` UTF-16 code units (`…` marks a cut).
 * Reads at most about `maxChars` characters of the input, however long it is.
 */
export function sanitize(text: unknown, maxChars: number = DEFAULT_MAX_CHARS): string {
  if (text === null || text === undefined) return '';
  const str = typeof text === 'string' ? text : String(text);
  const limit = Math.max(1, Math.floor(maxChars));
  // Fast path: short and clean (the regex sees at most limit+1 chars).
  if (str.length <= limit && !UNSAFE.test(str)) return str;
  let out = '';
  let i = 0;
  for (; i < str.length; i++) {
    const code = str.charCodeAt(i);
    let piece: string;
    if (isUnsafe(code)) piece = visibleForm(code);
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
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

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes DEL, C1, bidi and line-separator characters as `\uXXXX` inside JSON text that
 * `JSON.stringify` produced (it leaves them raw). Those characters can only occur inside JSON
 * strings, where `\uXXXX` means the same thing, so the JSON value is unchanged.
 */
export function sanitizeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
