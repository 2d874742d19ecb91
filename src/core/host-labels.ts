// Short names for the HOST column and the header when sesstop watches several MaxScales.
// `mxs1.db.example.com:8989` and `mxs2.db.example.com:8989` become `mxs1` and `mxs2`: what the
// hosts share (scheme, port, domain) says nothing about which row is which, and a narrow
// column cut from the right would show the same text on every row. Pure.

interface Parts {
  host: string;
  port: string;
  rest: string;
}

const TARGET = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\[[^\]]*\]|[^:/]*)(?::(\d*))?(.*)$/i;
const IPV4 = /^\d+(?:\.\d+){3}$/;

function partsOf(target: string): Parts {
  const m = TARGET.exec(target);
  return m ? { host: m[1], port: m[2] ?? '', rest: m[3] } : { host: target, port: '', rest: '' };
}

const isName = (host: string): boolean => host !== '' && !host.startsWith('[') && !IPV4.test(host);

/** Whole domain labels all names end with, leaving each at least one label of its own. */
function commonDomain(hosts: readonly string[]): number {
  const labels = hosts.map((h) => h.split('.'));
  const shortest = Math.min(...labels.map((l) => l.length));
  let shared = 0;
  while (shared < shortest - 1) {
    const label = labels[0][labels[0].length - 1 - shared];
    if (!labels.every((l) => l[l.length - 1 - shared] === label)) break;
    shared++;
  }
  return shared;
}

/**
 * A label per target, unique among them: the port dropped when all share it, the domain dropped
 * when all names share it. One target, or labels that would clash, keep the targets as given.
 */
export function hostLabels(targets: readonly string[]): Map<string, string> {
  const unique = [...new Set(targets)];
  const asGiven = new Map(unique.map((t) => [t, t]));
  if (unique.length < 2) return asGiven;
  const parts = unique.map(partsOf);
  const samePort = parts.every((p) => p.port === parts[0].port);
  const names = parts.every((p) => isName(p.host));
  const dropLabels = names ? commonDomain(parts.map((p) => p.host)) : 0;
  const labels = parts.map((p) => {
    const host = dropLabels > 0 ? p.host.split('.').slice(0, -dropLabels).join('.') : p.host;
    return host + (samePort || p.port === '' ? '' : `:${p.port}`) + p.rest;
  });
  if (new Set(labels).size !== labels.length || labels.some((l) => l === '')) return asGiven;
  return new Map(unique.map((t, i) => [t, labels[i]]));
}
