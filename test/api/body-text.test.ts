// The body of an answer as text: ASCII takes a cheaper decoding than UTF-8, and nothing else may
// tell the difference (names with accents, emoji, and bytes that are not UTF-8 at all).
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { decodeBody } from '../../src/api/transport.js';
import { startTinyServer, type TinyServer } from './helpers/tiny-server.js';

const servers: TinyServer[] = [];
const clients: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('decodeBody', () => {
  it('reads every ASCII byte as itself', () => {
    const ascii = Buffer.from(Array.from({ length: 128 }, (_, i) => i));
    expect(decodeBody(ascii)).toBe(ascii.toString('utf8'));
  });

  it('reads a body with any byte beyond ASCII as UTF-8, not Latin-1', () => {
    expect(decodeBody(Buffer.from('{"user":"José 🐬"}', 'utf8'))).toBe('{"user":"José 🐬"}');
    // Not UTF-8 at all: replacement characters, as UTF-8 decoding always gave.
    expect(decodeBody(Buffer.from([0x22, 0xff, 0xfe, 0x22]))).toBe('"\uFFFD\uFFFD"');
  });
});

describe('a list answer that is not all ASCII', () => {
  it('keeps accented and wide user names intact', async () => {
    const body = Buffer.concat([
      Buffer.from('{"data":[{"id":"1","type":"sessions","attributes":{"state":"Session started","user":"José 🐬","remote":"10.0.0.1","idle":1}},', 'utf8'),
      Buffer.from('{"id":"2","type":"sessions","attributes":{"state":"Session started","user":"', 'utf8'),
      Buffer.from([0xc3]), // a UTF-8 sequence cut short
      Buffer.from('x","remote":"10.0.0.2","idle":1}}],"links":{"self":"x"}}', 'utf8'),
    ]);
    const s = await startTinyServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    servers.push(s);
    const c = createClient({ target: s.target, user: 'admin', password: 'mariadb', dialect: 'v1' });
    clients.push(c);
    const { sessions } = await c.listSessions();
    expect(sessions.map((x) => x.user)).toEqual(['José 🐬', '\uFFFDx']);
  });
});
