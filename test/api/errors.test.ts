import { describe, expect, it } from 'vitest';
import { describeError, errorFromStatus, oneLine, preview, serverDetail } from '../../src/api/errors.js';
import { ApiError } from '../../src/api/types.js';

const T = 'mx:8989';

describe('error helpers', () => {
  it('oneLine strips control, C1 and bidi characters and bounds the length', () => {
    expect(oneLine('a\u001b[31mb\r\nc\u0085d\u202ee\u2028f')).toBe('a [31mb c d e f');
    // Lone surrogates and variation selectors too; an emoji stays whole.
    expect(oneLine('a\ud83db\ude00c\ufe00d\u{1F600}e')).toBe('a b c d\u{1F600}e');
    expect(oneLine('x'.repeat(500), 10)).toBe('xxxxxxxxx…');
  });

  it('preview shows a wrong string as it is, escaped: the space or newline that made it wrong, never a raw control', () => {
    expect(preview(' 7')).toBe('" 7"');
    expect(preview('Thu Jul 20 07:28:51 2023\n')).toBe('"Thu Jul 20 07:28:51 2023\\n"');
    expect(preview('\u001b]0;x\u0007\u202e\u0085')).toBe('"\\u001b]0;x\\u0007<U+202E><U+0085>"');
    expect(preview('y'.repeat(500))).toBe(`"${'y'.repeat(39)}…"`);
  });

  it('serverDetail reads both error shapes', () => {
    expect(serverDetail({ errors: [{ detail: 'one' }, { detail: 'two' }, { other: 1 }] })).toBe('one; two');
    expect(serverDetail({ error: 'Bad Request', description: 'range: "x" is not A-B' })).toBe('Bad Request: range: "x" is not A-B');
    expect(serverDetail('text')).toBe('');
    expect(serverDetail(undefined)).toBe('');
  });

  it.each([
    [401, 'auth', `${T} refused the login: wrong user or password`],
    [403, 'forbidden', `${T} refused: this account may not close sessions (it needs administrative access): Administrative access required`],
    [404, 'not-found', `session 4 not found on ${T} (already closed?)`],
    [502, 'server-error', `${T} failed with HTTP 502: Administrative access required`],
    [418, 'bad-response', `${T} answered HTTP 418: Administrative access required`],
  ])('HTTP %i → %s', (status, kind, message) => {
    const e = errorFromStatus({ target: T, status, body: { errors: [{ detail: 'Administrative access required' }] }, subject: 'session 4', closing: true });
    expect(e).toMatchObject({ kind, status, target: T, message });
  });

  it('a 403 on a read says the account may not read, not that it may not close', () => {
    const e = errorFromStatus({ target: T, status: 403, body: { errors: [{ detail: 'nope' }] } });
    expect(e).toMatchObject({ kind: 'forbidden', message: `${T} refused: this account may not read the sessions (check its permissions in MaxScale): nope` });
  });

  it('a 5xx without a body still says something', () => {
    expect(errorFromStatus({ target: T, status: 500, body: undefined }).message).toBe(`${T} failed with HTTP 500 (no detail given)`);
  });

  it('AbortSignal.timeout reasons are timeouts', () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(describeError(reason, T).kind).toBe('timeout');
  });

  it('ApiErrors pass through; unknown values become unreachable one-liners', () => {
    const original = new ApiError('tls', T, 'x');
    expect(describeError(original, T)).toBe(original);
    expect(describeError(new Error('weird\nthing'), T).message).toBe(`request to ${T} failed: weird thing`);
    expect(describeError(Object.create(null), T).message).toContain(T);
  });
});
