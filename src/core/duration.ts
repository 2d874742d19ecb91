// Durations typed by people: `300`, `30s`, `5m`, `1.5h`, `2d`, `500ms`. Pure; shared by the
// command line and the UI's min-idle prompt so both accept the same text.

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ALL_UNITS: ReadonlySet<string> = new Set(Object.keys(UNIT_MS));
const SECOND_UNITS: ReadonlySet<string> = new Set(['s', 'm', 'h', 'd']);

/** Milliseconds, with `defaultUnit` for a bare number; null when the text is not a duration. */
export function parseDurationMs(text: string, defaultUnit: 'ms' | 's', allowed: ReadonlySet<string> = ALL_UNITS): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  const unit = m[2] ?? defaultUnit;
  if (!allowed.has(unit)) return null;
  return Number(m[1]) * UNIT_MS[unit];
}

/** Seconds: a plain number of seconds or one with s/m/h/d (`300`, `5m`, `1.5h`); null otherwise. */
export function parseSecondsText(text: string): number | null {
  const ms = parseDurationMs(text, 's', SECOND_UNITS);
  return ms === null ? null : ms / 1000;
}

/** Seconds as text that parseSecondsText reads back: the largest whole unit (`5m`, `2h`), else seconds. */
export function secondsText(seconds: number): string {
  for (const [unit, ms] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (seconds >= ms / 1000 && (seconds * 1000) % ms === 0) return `${(seconds * 1000) / ms}${unit}`;
  }
  return String(seconds);
}
