// Pure pieces of the command, in-process: value parsers, session references, Nagios
// evaluation, batch formats, health summary and exit statuses, error descriptions.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/types.js';
import type { Session, TargetHealth } from '../../src/core/model.js';
import { formatTsv, tableWidth, formatNdjson } from '../../src/cli/batch/formats.js';
import { healthSummary, pollExitCode, worseExit } from '../../src/cli/batch/health.js';
import { evaluateNagios } from '../../src/cli/batch/nagios.js';
import { CliError, describeFailure } from '../../src/cli/errors.js';
import { EXIT, EXIT_CODE_TABLE } from '../../src/cli/exit-codes.js';
import { readFileSync } from 'node:fs';
import { parseSessionRef, sameTarget } from '../../src/cli/session-ref.js';
import { defaultAuditPath } from '../../src/cli/settings.js';
import { parseBoolean, parseCount, parseHosts, parseSeconds, parseTimeoutMs } from '../../src/cli/values.js';

const session = (over: Partial<Session>): Session => ({
  key: `t:1#${over.id ?? 1}`,
  id: 1,
  target: 't:1',
  state: 'Session started',
  user: 'u',
  address: '192.0.2.1',
  service: 'svc',
  connected: new Date(Date.UTC(2024, 0, 5)),
  idle: 0,
  polledAt: Date.now(),
  backends: 1,
  ...over,
});

const usage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(EXIT.usage);
    return (e as CliError).message;
  }
  throw new Error('no error');
};

describe('value parsers', () => {
  it('timeout: plain ms as maxctrl, and suffixes', () => {
    expect(parseTimeoutMs('10000', '-t')).toBe(10000);
    expect(parseTimeoutMs('500ms', '-t')).toBe(500);
    expect(parseTimeoutMs('10s', '-t')).toBe(10000);
    expect(parseTimeoutMs('1m', '-t')).toBe(60000);
    expect(parseTimeoutMs('1.5s', '-t')).toBe(1500);
    expect(parseTimeoutMs('1h', '-t')).toBe(3_600_000);
    expect(usage(() => parseTimeoutMs('0', '-t'))).toContain('more than 0');
    expect(usage(() => parseTimeoutMs('10x', '--timeout'))).toContain("--timeout: '10x' is not a duration");
    expect(usage(() => parseTimeoutMs('1d', '-t'))).toContain('not a duration');
    expect(usage(() => parseTimeoutMs('-5', '-t'))).toContain('not a duration');
  });

  it('seconds with units; minimums', () => {
    expect(parseSeconds('300', 'x')).toBe(300);
    expect(parseSeconds('5m', 'x')).toBe(300);
    expect(parseSeconds('2h', 'x')).toBe(7200);
    expect(parseSeconds('1d', 'x')).toBe(86400);
    expect(parseSeconds('0.5', 'x')).toBe(0.5);
    expect(parseSeconds('0', 'x', { allowZero: true })).toBe(0);
    expect(usage(() => parseSeconds('0', 'x'))).toContain('too small');
    expect(usage(() => parseSeconds('0.05', '-d', { min: 0.1 }))).toContain('at least 0.1');
    expect(usage(() => parseSeconds('100ms', 'x'))).toContain('not a number of seconds');
  });

  it('counts', () => {
    expect(parseCount('0', 'n')).toBe(0);
    expect(parseCount('42', 'n')).toBe(42);
    expect(usage(() => parseCount('1.5', '--ttl'))).toContain('--ttl');
    expect(usage(() => parseCount('11', 'n', { max: 10 }))).toContain('from 0 to 10');
  });

  it('hosts: comma-separated, repeated, deduplicated, validated', () => {
    expect(parseHosts(['a:1,b:2', 'c', 'a:1'], '-h')).toEqual(['a:1', 'b:2', 'c']);
    expect(parseHosts(['https://m:8989', '[::1]:8989'], '-h')).toEqual(['https://m:8989', '[::1]:8989']);
    // One MaxScale written several ways is polled once (its sessions would show twice).
    expect(parseHosts(['x:8989,http://x:8989', 'X', 'https://x:8989/', 'x:8990'], '-h')).toEqual(['x:8989', 'x:8990']);
    expect(parseHosts(['http://m:8989/api', 'http://m:8989'], '-h')).toEqual(['http://m:8989/api', 'http://m:8989']);
    expect(usage(() => parseHosts(['a,,b'], '-h'))).toContain('empty host name');
    expect(usage(() => parseHosts(['ftp://x'], '-h'))).toContain('scheme');
    expect(usage(() => parseHosts(['http://u:p@x:1'], '-h'))).toContain('--user/--password');
  });

  it('booleans from a config file', () => {
    for (const t of [true, 'true', 'yes', '1', 'ON']) expect(parseBoolean(t, 'k')).toBe(true);
    for (const f of [false, 'false', 'no', '0', 'off']) expect(parseBoolean(f, 'k')).toBe(false);
    expect(usage(() => parseBoolean('maybe', "'k' in f"))).toContain("'maybe' is not true or false");
  });

  it('the audit log path follows XDG (absolute XDG_STATE_HOME only)', () => {
    expect(defaultAuditPath({ XDG_STATE_HOME: '/s' })).toBe('/s/sesstop/audit.log');
    expect(defaultAuditPath({ XDG_STATE_HOME: 'relative' })).toMatch(/\/\.local\/state\/sesstop\/audit\.log$/);
    expect(defaultAuditPath({})).toMatch(/\/\.local\/state\/sesstop\/audit\.log$/);
  });
});

describe('session references', () => {
  it('forms', () => {
    expect(parseSessionRef('17')).toEqual({ target: null, id: 17, text: '17' });
    expect(parseSessionRef('mx:8989:17')).toMatchObject({ target: 'mx:8989', id: 17 });
    expect(parseSessionRef('mx:17')).toMatchObject({ target: 'mx', id: 17 });
    expect(parseSessionRef('mx:8989#17')).toMatchObject({ target: 'mx:8989', id: 17 });
    expect(parseSessionRef('https://mx:8989#17')).toMatchObject({ target: 'https://mx:8989', id: 17 });
    expect(parseSessionRef('[::1]:8989:5')).toMatchObject({ target: '[::1]:8989', id: 5 });
    for (const bad of ['0', 'x', 'mx:', ':5', '17.0', 'mx:8989:0', '9999999999999999']) expect(() => parseSessionRef(bad)).toThrow(CliError);
  });

  it('the same REST API under different spellings', () => {
    expect(sameTarget('127.0.0.1', '127.0.0.1:8989', false)).toBe(true);
    expect(sameTarget('http://127.0.0.1:8989', '127.0.0.1:8989', false)).toBe(true);
    expect(sameTarget('127.0.0.1:8989', '127.0.0.1:8990', false)).toBe(false);
    expect(sameTarget('https://h:1', 'h:1', false)).toBe(false);
    expect(sameTarget('https://h:1', 'h:1', true)).toBe(true);
  });
});

describe('Nagios evaluation', () => {
  const ok: TargetHealth = { target: 'a:1', status: 'ok' };
  const down: TargetHealth = { target: 'b:1', status: 'down', error: 'cannot reach b:1: refused' };
  const base = { warnIdle: 300, critIdle: 3600 };

  it('statuses and the summary line', () => {
    const sessions = [session({ id: 1, idle: 10 }), session({ id: 2, idle: 400, user: 'bob' }), session({ id: 3, idle: 4000, user: 'x' })];
    expect(evaluateNagios({ ...base, sessions, health: [ok] })).toEqual({
      status: 'critical',
      exitCode: 2,
      line: 'SESSTOP CRITICAL - 1 session idle > 3600s (longest 1h06m: id 3 x@192.0.2.1) | sessions=3;;;0 idle_max=4000s;300;3600;0 idle_over_warn=2;;;0 idle_over_crit=1;;;0 hosts_down=0;;;0',
    });
    expect(evaluateNagios({ ...base, sessions: sessions.slice(0, 2), health: [ok] }).status).toBe('warning');
    expect(evaluateNagios({ ...base, sessions: sessions.slice(0, 1), health: [ok] }).line).toMatch(/^SESSTOP OK - 1 session, none idle > 300s \(longest 10s/);
    expect(evaluateNagios({ ...base, sessions: [], health: [ok] }).line).toMatch(/^SESSTOP OK - 0 sessions, none idle > 300s \| sessions=0;;;0 idle_max=0s/);
  });

  it('the threshold is strictly greater; sessions without idle are ignored', () => {
    const r = evaluateNagios({ ...base, sessions: [session({ idle: 300 }), session({ id: 2, idle: null })], health: [ok] });
    expect(r.status).toBe('ok');
  });

  it('hosts down: UNKNOWN unless CRITICAL; all down: UNKNOWN', () => {
    expect(evaluateNagios({ ...base, sessions: [session({ idle: 400 })], health: [ok, down] }).status).toBe('unknown');
    expect(evaluateNagios({ ...base, sessions: [session({ idle: 4000 })], health: [ok, down] }).status).toBe('critical');
    const all = evaluateNagios({ ...base, sessions: [], health: [down] });
    expect(all.exitCode).toBe(3);
    expect(all.line).toMatch(/^SESSTOP UNKNOWN - no host answered: b:1 down: cannot reach b:1: refused \|/);
  });

  it('server text cannot break the line or the perfdata', () => {
    const r = evaluateNagios({ ...base, sessions: [session({ idle: 4000, user: 'a|b\n\u001b[2J' })], health: [ok] });
    expect(r.line.split('|')).toHaveLength(2);
    expect(r.line).not.toMatch(/[\n\u001b]/);
    expect(r.line).toContain('a¦b^J^[[2J@');
  });
});

describe('batch formats', () => {
  it('tsv fields never contain a tab or a newline', () => {
    const [, row] = formatTsv([session({ user: 'a\tb\nc', service: null, idle: null })]);
    expect(row.split('\t')).toHaveLength(12);
    expect(row).toContain('a^Ib^Jc');
    expect(row.split('\t')[5]).toBe('');
  });

  it('ndjson escapes C1 and bidi characters but keeps the value', () => {
    const [line] = formatNdjson([session({ user: 'x\u009b\u202ey' })], Date.UTC(2026, 10, 29, 10, 0, 0));
    expect(line).not.toMatch(/[\u0080-\u009f\u202e]/);
    expect(JSON.parse(line).user).toBe('x\u009b\u202ey');
    // Each line says which poll it is from, first, and not the internal poll time.
    expect(line.startsWith('{"fetchedAt":"2026-11-29T10:00:00.000Z",')).toBe(true);
    expect(JSON.parse(line).polledAt).toBeUndefined();
  });

  it('table width: COLUMNS when sane, else 200', () => {
    expect(tableWidth({ COLUMNS: '120' })).toBe(120);
    expect(tableWidth({ COLUMNS: 'wide' })).toBe(200);
    expect(tableWidth({ COLUMNS: '5' })).toBe(200);
    expect(tableWidth({})).toBe(200);
    expect(tableWidth({ COLUMNS: '120' }, 80)).toBe(80);
  });
});

describe('health and exit statuses', () => {
  const h = (target: string, status: 'ok' | 'down', extra: Partial<TargetHealth> = {}): TargetHealth => ({ target, status, ...extra });

  it('summary', () => {
    expect(healthSummary([h('a:1', 'ok', { sessionCount: 1, latencyMs: 4.4 }), h('b:1', 'down', { error: 'refused\u001b' })])).toBe(
      'a:1 ok (1 session, 4 ms); b:1 DOWN: refused^[',
    );
  });

  it('poll exit status', () => {
    const authDown = h('a:1', 'down', { errorKind: 'auth' });
    const refused = h('b:1', 'down', { errorKind: 'unreachable' });
    expect(pollExitCode([h('a:1', 'ok')])).toBe(EXIT.ok);
    expect(pollExitCode([h('a:1', 'ok'), refused])).toBe(EXIT.partial);
    expect(pollExitCode([authDown])).toBe(EXIT.auth);
    expect(pollExitCode([authDown, h('c:1', 'down', { errorKind: 'forbidden' })])).toBe(EXIT.auth);
    expect(pollExitCode([authDown, refused])).toBe(EXIT.unreachable);
    expect(pollExitCode([h('a:1', 'down')])).toBe(EXIT.unreachable);
    expect(worseExit(EXIT.ok, EXIT.partial)).toBe(EXIT.partial);
    expect(worseExit(EXIT.unreachable, EXIT.partial)).toBe(EXIT.unreachable);
    expect(worseExit(EXIT.partial, EXIT.ok)).toBe(EXIT.partial);
  });
});

describe('error descriptions', () => {
  it('one line without a stack unless debugging', () => {
    const bug = new TypeError('x is undefined\nsecond line');
    const plain = describeFailure(bug, false);
    expect(plain).toEqual({ line: 'sesstop: internal error: x is undefined second line (SESSTOP_DEBUG=1 shows details)', exitCode: EXIT.internal });
    const debug = describeFailure(bug, true);
    expect(debug.line.split('\n')[1]).toMatch(/TypeError/);
    expect(describeFailure(new ApiError('auth', 'a', 'denied'), false)).toEqual({ line: 'sesstop: denied', exitCode: EXIT.auth });
    expect(describeFailure(new CliError('bad — hint', 1), false)).toEqual({ line: 'sesstop: bad — hint', exitCode: 1 });
  });
  it('what the user typed, quoted back, is shown and never obeyed (escapes, bells, bidi)', () => {
    const typed = new CliError("--sort: '\u001b[2J\u001b]0;x\u0007\u202eevil' is not a column — use one of id", 1);
    const { line } = describeFailure(typed, false);
    expect(line).toBe("sesstop: --sort: '^[[2J^[]0;x^G<U+202E>evil' is not a column — use one of id");
  });
});

describe('documentation', () => {
  it('the README lists every exit status of the table', () => {
    const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const { code } of EXIT_CODE_TABLE) expect(doc, String(code)).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
    for (const code of Object.values(EXIT)) expect(EXIT_CODE_TABLE.map((r) => r.code)).toContain(code);
  });
});
