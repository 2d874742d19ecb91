// Hostile text injected into the model is stored verbatim and sent as escaped JSON strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { call, getJson } from './helpers/http.js';

const HOSTILE = {
  esc: 'evil\u001b[2J\u001b[31mred',
  osc52: '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
  bel: 'ding\u0007dong',
  c1: 'c1\u009b31m\u0085next',
  bidi: 'admin\u202egnp.exe\u2066x\u2069',
  del: 'rub\u007fout',
  newline: 'line1\nline2\r\n',
  separators: 'a\u2028b\u2029c',
  emoji: 'zwj 👩‍👩‍👧 wide 漢字',
  quote: '"}],"injected":{"x":"',
  backslash: 'C:\\temp\\\u0085',
};
const BIG = 'x'.repeat(100 * 1024) + '\u001b[0m';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ sessions: 3, seed: 2 });
});
afterAll(async () => {
  await sim.close();
});

/** No raw C0 (except JSON whitespace), DEL, C1, bidi or separator characters in the bytes. */
const RAW_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('hostile strings', () => {
  it.each(Object.entries(HOSTILE))('%s survives both dialects verbatim, escaped on the wire', async (_name, text) => {
    const s = sim.model.addSession({ user: text, address: text, state: text, service: text, queries: [text], clientAttributes: { [text]: text } });
    const seed = await call(sim, `/sessions/${s.id}`);
    expect(seed.text).not.toMatch(RAW_UNSAFE);
    const seedBody = JSON.parse(seed.text);
    expect(seedBody.user).toBe(text);
    expect(seedBody.address).toBe(text);
    expect(seedBody.state).toBe(text);
    expect(seedBody.service).toBe(`/services/${text}`);

    const v1 = await call(sim, `/v1/sessions/${s.id}`);
    expect(v1.text).not.toMatch(RAW_UNSAFE);
    const attrs = JSON.parse(v1.text).data.attributes;
    expect(attrs.user).toBe(text);
    expect(attrs.remote).toBe(text);
    expect(attrs.state).toBe(text);
    expect(attrs.queries[0].statement).toBe(text);
    expect(attrs.client.connection_attributes).toEqual({ [text]: text });
    expect(JSON.parse(v1.text).data.relationships.services.data[0].id).toBe(text);

    const compact = await call(sim, `/v1/sessions?pretty=false&filter=${encodeURIComponent(`/attributes/user=${JSON.stringify(text)}`)}`);
    expect(compact.text).not.toMatch(RAW_UNSAFE);
    expect(JSON.parse(compact.text).data.map((r: { id: string }) => r.id)).toEqual([String(s.id)]);
  });

  it('a 100 KB user name and statement go through whole', async () => {
    const s = sim.model.addSession({ user: BIG, queries: [BIG] });
    const seed = await getJson<{ user: string }>(sim, `/sessions/${s.id}`);
    expect(seed.user).toBe(BIG);
    const v1 = await getJson<{ data: { attributes: { user: string; queries: { statement: string }[]; memory: { last_queries: number } } } }>(sim, `/v1/sessions/${s.id}`);
    expect(v1.data.attributes.user).toBe(BIG);
    expect(v1.data.attributes.queries[0].statement).toBe(BIG);
    expect(v1.data.attributes.memory.last_queries).toBeGreaterThan(100 * 1024);
  });

  it('hostile text in the request path is escaped in error bodies too', async () => {
    const a = await call(sim, `/sessions/${encodeURIComponent('\u001b]52;c;x\u0007\u202e')}`);
    expect(a.status).toBe(404);
    expect(a.text).not.toMatch(RAW_UNSAFE);
    expect(JSON.parse(a.text).description).toContain('\u001b]52;c;x\u0007\u202e');
  });

  it('the injected session lists normally among the others', async () => {
    const s = sim.model.addSession({ user: HOSTILE.esc });
    const list = await getJson<{ id: number; user: string }[]>(sim, '/sessions');
    expect(list.find((x) => x.id === s.id)?.user).toBe(HOSTILE.esc);
    expect(list.map((x) => x.id)).toEqual(sim.model.sessions().map((x) => x.id));
  });
});
