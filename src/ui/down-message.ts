// What the footer says of hosts that are down. One host: its whole reason. Several: every host
// with its reason, in short words when the whole reasons do not all fit on the line (cut, only
// the first one could be read).
import type { TargetHealth } from '../core/model.js';
import { hostLabels } from '../core/host-labels.js';
import { sanitize } from '../core/sanitize.js';
import { cellWidth } from '../core/text.js';
import { describeDown } from './state.js';

const SHORT_REASON: Readonly<Record<string, string>> = {
  unreachable: 'unreachable',
  timeout: 'no answer',
  tls: 'TLS failed',
  auth: 'login refused',
  forbidden: 'not allowed',
  'not-found': 'not found',
  'not-maxscale': 'not MaxScale',
  'bad-response': 'bad answer',
  'server-error': 'server error',
};

/** `health`: every host (for the same short labels as the header); the down ones are described. */
export function downMessage(health: readonly TargetHealth[], columns: number): string {
  const down = health.filter((h) => h.status === 'down');
  const full = describeDown(down);
  if (down.length < 2 || cellWidth(full) <= columns) return full;
  const labels = hostLabels(health.map((h) => h.target));
  const reasons = down.map((h) => `${sanitize(labels.get(h.target) ?? h.target, 40)} ${SHORT_REASON[h.errorKind ?? ''] ?? 'down'}`);
  return `${down.length} hosts down: ${reasons.join(' · ')}`;
}
