// The Nagios check: one status and one line, `SESSTOP <STATUS> - <text> | <perfdata>`.
// Severity: OK < WARNING < UNKNOWN < CRITICAL. A host that could not be polled makes an OK or
// WARNING result UNKNOWN (nothing is known about its sessions); CRITICAL stays CRITICAL.
import type { Session, TargetHealth } from '../../core/model.js';
import { formatDuration } from '../../core/format.js';
import { sanitize } from '../../core/sanitize.js';
import { NAGIOS, type NagiosStatus } from '../exit-codes.js';

export interface NagiosResult {
  status: NagiosStatus;
  exitCode: number;
  line: string;
}

export interface NagiosInput {
  sessions: readonly Session[];
  health: readonly TargetHealth[];
  warnIdle: number;
  critIdle: number;
}

/** Text of the plugin line: sanitised, and without `|` (it starts the perfdata). */
function safe(text: string, max = 80): string {
  return sanitize(text, max).replace(/\|/g, '¦');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeSession(s: Session, multiTarget: boolean): string {
  const who = `${s.user ?? '?'}@${s.address ?? '?'}`;
  return `id ${s.id} ${safe(who)}${multiTarget ? ` on ${safe(s.target)}` : ''}`;
}

export function evaluateNagios(input: NagiosInput): NagiosResult {
  const { sessions, health, warnIdle, critIdle } = input;
  const down = health.filter((h) => h.status !== 'ok');
  const multiTarget = health.length > 1;
  const downText = down.map((h) => `${safe(h.target)} down: ${safe(h.error ?? 'no answer', 120)}`).join('; ');

  let longest: Session | null = null;
  let overWarn = 0;
  let overCrit = 0;
  for (const s of sessions) {
    if (s.idle === null) continue;
    if (longest === null || s.idle > (longest.idle ?? -1)) longest = s;
    if (s.idle > warnIdle) overWarn++;
    if (s.idle > critIdle) overCrit++;
  }
  const idleMax = longest?.idle ?? 0;
  const perf = [
    `sessions=${sessions.length};;;0`,
    `idle_max=${Math.floor(idleMax)}s;${warnIdle};${critIdle};0`,
    `idle_over_warn=${overWarn};;;0`,
    `idle_over_crit=${overCrit};;;0`,
    `hosts_down=${down.length};;;0`,
  ].join(' ');

  if (health.length > 0 && down.length === health.length) {
    return result('unknown', `no host answered: ${downText}`, perf);
  }
  const longestText = longest === null ? '' : ` (longest ${formatDuration(idleMax)}: ${describeSession(longest, multiTarget)})`;
  let status: NagiosStatus;
  let text: string;
  if (overCrit > 0) {
    status = 'critical';
    text = `${plural(overCrit, 'session')} idle > ${critIdle}s${longestText}`;
  } else if (overWarn > 0) {
    status = 'warning';
    text = `${plural(overWarn, 'session')} idle > ${warnIdle}s${longestText}`;
  } else {
    status = 'ok';
    text = `${plural(sessions.length, 'session')}, none idle > ${warnIdle}s${longestText}`;
  }
  if (down.length > 0) {
    if (status !== 'critical') status = 'unknown';
    text += `; ${downText}`;
  }
  return result(status, text, perf);
}

function result(status: NagiosStatus, text: string, perf: string): NagiosResult {
  return { status, exitCode: NAGIOS[status], line: `SESSTOP ${status.toUpperCase()} - ${text} | ${perf}` };
}
