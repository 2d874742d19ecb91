// Property-based: no input, however hostile, makes the parsers throw anything but a
// 'bad-response' ApiError, and every such message is one printable line naming the target.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/types.js';
import { parseJsonBody } from '../../src/api/parse-common.js';
import { parseSeedConnectionArray, parseSeedSessionArray } from '../../src/api/parse-seed.js';
import { parseV1One, parseV1Page, parseV1Servers } from '../../src/api/parse-v1.js';
import { describeError } from '../../src/api/errors.js';
import { Fields } from '../../src/api/validate.js';
import * as fx from './fixtures/v1-sessions.js';

const T = '10.0.0.1:8989';
const f = new Fields(T);
const parsers = [parseV1Page, parseV1One, parseV1Servers, parseSeedSessionArray, parseSeedConnectionArray];

function onlyBadResponse(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    expect(err.kind).toBe('bad-response');
    expect(err.target).toBe(T);
    expect(err.message.startsWith(`bad response from ${T}: `)).toBe(true);
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(err.message.length).toBeLessThan(600);
  }
}

/** Replaces the value at a random path of `doc` with `replacement`. */
function mutate(doc: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || doc === null || typeof doc !== 'object') return replacement;
  const keys = Object.keys(doc as object);
  if (keys.length === 0) return replacement;
  const key = keys[choices[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(doc) ? ([...doc] as unknown as Record<string, unknown>) : { ...(doc as Record<string, unknown>) };
  copy[key] = mutate((doc as Record<string, unknown>)[key], choices.slice(1), replacement);
  return copy;
}

const documents = [fx.list([fx.v22, fx.v23, fx.v2208, fx.v2302, fx.v2408, fx.authenticating]), fx.one(fx.v2408), fx.one(fx.v23)];

describe('parsers under hostile input', () => {
  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(parsers.length - 1), (value, which) => {
        onlyBadResponse(() => parsers[which](f, value));
      }),
      { numRuns: 2000 },
    );
  });

  it('valid documents with one value replaced anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...documents),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 8 }),
        fc.jsonValue({ maxDepth: 3 }),
        (doc, path, replacement) => {
          const mutated = mutate(doc, path, replacement);
          onlyBadResponse(() => parseV1Page(f, mutated));
          onlyBadResponse(() => parseV1One(f, mutated));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('truncated bodies never parse into a half-read list', () => {
    const text = JSON.stringify(documents[0]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length - 1 }), (cut) => {
        onlyBadResponse(() => parseV1Page(f, parseJsonBody(text.slice(0, cut), T)));
        expect(() => parseJsonBody(text.slice(0, cut), T)).toThrow(ApiError);
      }),
      { numRuns: 500 },
    );
  });

  it('random text bodies', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        onlyBadResponse(() => parseV1Page(f, parseJsonBody(text, T)));
        onlyBadResponse(() => parseSeedSessionArray(f, parseJsonBody(text, T)));
      }),
      { numRuns: 1000 },
    );
  });

  it('deep nesting is a bad response, not a crash', () => {
    const depth = 200_000;
    onlyBadResponse(() => parseV1Page(f, parseJsonBody('['.repeat(depth) + ']'.repeat(depth), T)));
    onlyBadResponse(() => parseV1Page(f, parseJsonBody('{"data":' + '['.repeat(depth) + ']'.repeat(depth) + '}', T)));
    let nested: unknown = 'x';
    for (let i = 0; i < 5000; i++) nested = { data: [nested] };
    onlyBadResponse(() => parseV1Page(f, nested));
  });

  it('huge strings are parsed or rejected, and never copied whole into a message', () => {
    const huge = 'A'.repeat(8 * 1024 * 1024);
    const s = parseV1One(f, fx.one(fx.resource('5', { state: 'Session started', user: huge })));
    expect(s.user?.length).toBe(huge.length);
    onlyBadResponse(() => parseV1One(f, fx.one(fx.resource('5', { state: 'Session started', idle: huge }))));
  });

  it('describeError turns any thrown value into a one-line ApiError', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), (thrown) => {
        const e = describeError(thrown, T);
        expect(e).toBeInstanceOf(ApiError);
        expect(e.target).toBe(T);
        expect(e.message).not.toMatch(/[\u0000-\u001f]/);
      }),
      { numRuns: 500 },
    );
  });
});
