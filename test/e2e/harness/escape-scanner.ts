// An allow-list scanner over everything a program wrote to its terminal. Ink and sesstop's own
// alternate-screen code only ever emit CSI cursor movement, erase, SGR and a few private modes;
// anything else (OSC, DCS, device queries, C1, BEL, bidi overrides, stray C0) can only have come
// from server data that escaped sanitisation.

export interface ScanViolation {
  /** Index in the raw log. */
  index: number;
  reason: string;
  /** The offending text with control characters made visible, plus some context. */
  snippet: string;
}

/** CSI finals for cursor movement, positioning, erase and SGR (no queries, no scroll regions). */
const ALLOWED_CSI = /^\x1b\[[0-9;]*[ABCDEFGHJKm]/;
/** DEC private modes: 7 autowrap, 25 cursor, 47/1047/1048/1049 alternate screen, 2026 sync output. */
const ALLOWED_PRIVATE_MODE = /^\x1b\[\?(7|25|47|1047|1048|1049|2026)[hl]/;

const BIDI_CONTROLS = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** Makes control characters visible so a failure message can show exactly what was written. */
export function visible(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.codePointAt(0)!;
    return code === 0x1b ? '␛' : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function snippetAt(raw: string, index: number): string {
  return visible(raw.slice(Math.max(0, index - 20), index + 30));
}

/** Every control byte or sequence in `raw` that is not on the allow-list. */
export function scanTerminalOutput(raw: string): ScanViolation[] {
  const violations: ScanViolation[] = [];
  const report = (index: number, reason: string) => violations.push({ index, reason, snippet: snippetAt(raw, index) });
  let i = 0;
  while (i < raw.length) {
    const code = raw.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (code === 0x1b) {
      const rest = raw.slice(i, i + 64);
      const match = ALLOWED_CSI.exec(rest) ?? ALLOWED_PRIVATE_MODE.exec(rest);
      if (match) {
        i += match[0].length;
        continue;
      }
      report(i, `escape sequence not emitted by Ink or the alt-screen code: ${visible(rest.slice(0, 12))}`);
    } else if (code === 0x07) {
      report(i, 'BEL');
    } else if (code < 0x20 && code !== 0x0a && code !== 0x0d) {
      report(i, `C0 control U+${code.toString(16).padStart(4, '0')}`);
    } else if (code === 0x7f) {
      report(i, 'DEL');
    } else if (code >= 0x80 && code <= 0x9f) {
      report(i, `C1 control U+${code.toString(16).padStart(4, '0')}`);
    } else if (BIDI_CONTROLS.has(code)) {
      report(i, `bidi control U+${code.toString(16)}`);
    }
    i += width;
  }
  return violations;
}

/** The distinct escape sequences in `raw` with digits collapsed (for diagnostics). */
export function sequenceShapes(raw: string): string[] {
  const shapes = new Set<string>();
  for (const m of raw.matchAll(/\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*|.)/g)) {
    shapes.add(visible(m[0].replace(/\d+/g, 'N')));
  }
  return [...shapes].sort();
}
