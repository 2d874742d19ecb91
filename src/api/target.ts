// Parses the forms a user may name a MaxScale by: HOST:PORT, HOST, [IPv6]:PORT, http(s)://HOST:PORT[/base].
import { ApiError } from './types.js';

export const DEFAULT_PORT = 8989;

export interface ParsedTarget {
  /** `http://host:port` or `https://host:port`, ready for undici. */
  origin: string;
  /** Path prefix without a trailing slash ('' for none). */
  basePath: string;
  secure: boolean;
}

/** The target as text safe for a message: printable, bounded, any `user:password@` masked. */
export function safeTargetText(target: string): string {
  return target
    // Up to the last @: a password may hold @ or / itself.
    .replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?)[^]*@/i, '$1***@')
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 80);
}

const invalid = (target: string, why: string): ApiError => {
  const shown = safeTargetText(target);
  return new ApiError('unreachable', shown, `invalid target "${shown}": ${why}; expected HOST:PORT, HOST, [IPv6]:PORT or http(s)://HOST:PORT`);
};

function checkPort(target: string, port: string): number {
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw invalid(target, `port "${port}" is not 1-65535`);
  return Number(port);
}

export function parseTarget(target: string, secure = false): ParsedTarget {
  const text = target.trim();
  if (text === '') throw invalid(target, 'it is empty');
  if (/[\s\u0000-\u001f\u007f]/.test(text)) throw invalid(target, 'it contains spaces or control characters');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const proto = scheme[1].toLowerCase();
    if (proto !== 'http' && proto !== 'https') throw invalid(target, `scheme "${proto}" is not http or https`);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalid(target, 'it is not a valid URL');
    }
    // Credentials never travel in a URL (they would end up in logs and error messages).
    if (url.username || url.password) throw invalid(target, 'put the user and password in --user/--password, not in the URL');
    if (url.search || url.hash) throw invalid(target, 'it has a query or fragment');
    const isHttps = proto === 'https';
    const port = url.port ? checkPort(target, url.port) : DEFAULT_PORT;
    return { origin: `${proto}://${url.hostname}:${port}`, basePath: url.pathname.replace(/\/+$/, ''), secure: isHttps };
  }
  const protocol = secure ? 'https' : 'http';
  if (text.includes('@')) throw invalid(target, 'put the user and password in --user/--password, not in the host');
  // `host:port/` as a URL would be written: the slash means nothing without a scheme either.
  if (/^[^/]+\/+$/.test(text)) return parseTarget(text.replace(/\/+$/, ''), secure);
  const bracketed = /^\[([0-9a-f:.%a-z]+)\](?::(\d+))?$/i.exec(text);
  if (bracketed) {
    const port = bracketed[2] === undefined ? DEFAULT_PORT : checkPort(target, bracketed[2]);
    return { origin: `${protocol}://[${bracketed[1]}]:${port}`, basePath: '', secure };
  }
  if ((text.match(/:/g) ?? []).length > 1) throw invalid(target, 'an IPv6 address needs brackets, e.g. [::1]:8989');
  const [host, port] = text.split(':');
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host)) throw invalid(target, `"${host}" is not a host name or address`);
  const portNumber = port === undefined ? DEFAULT_PORT : checkPort(target, port);
  return { origin: `${protocol}://${host}:${portNumber}`, basePath: '', secure };
}
