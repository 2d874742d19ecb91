// Real HTTP over loopback to a running simulator (undici's request: status, headers, raw text).
import { request } from 'undici';
import type { Simulator } from '../../../src/sim/index.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export const ADMIN = { user: 'admin', password: 'mariadb' };

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface CallOptions {
  method?: 'GET' | 'DELETE' | 'POST' | 'PUT' | 'PATCH' | 'HEAD';
  /** Credentials; null sends none. Default admin/mariadb. */
  as?: { user: string; password: string } | null;
  headers?: Record<string, string>;
}

export async function call(sim: Simulator, path: string, opts: CallOptions = {}): Promise<Answer> {
  const who = opts.as === undefined ? ADMIN : opts.as;
  const headers: Record<string, string> = { ...opts.headers };
  if (who) headers.authorization = basic(who.user, who.password);
  const res = await request(`${sim.url}${path}`, { method: opts.method ?? 'GET', headers });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

/** GET that must answer 200 with JSON; returns the parsed body. */
export async function getJson<T = unknown>(sim: Simulator, path: string, opts: CallOptions = {}): Promise<T> {
  const a = await call(sim, path, opts);
  if (a.status !== 200) throw new Error(`GET ${path} → ${a.status}: ${a.text.slice(0, 200)}`);
  return JSON.parse(a.text) as T;
}
