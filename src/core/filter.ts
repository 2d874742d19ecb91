// The `/` filter language:
//   term          case-insensitive substring of id, user, client address, service, state or host
//   field:value   substring of one field; `id:` matches the whole id exactly
//   !term         negation (also `!field:value`)
// Terms are separated by whitespace and all must match. Fields: id, user, client (alias address),
// service, state, host (alias target: the MaxScale the session lives on). No quoting: a value
// cannot contain spaces.
import type { Session } from './model.js';

export type FilterField = 'id' | 'user' | 'client' | 'service' | 'state' | 'host';

const FIELD_NAMES: Record<string, FilterField> = {
  id: 'id',
  user: 'user',
  client: 'client',
  address: 'client',
  service: 'service',
  state: 'state',
  host: 'host',
  target: 'host',
};

export const FILTER_FIELDS_HELP = 'id, user, client (or address), service, state, host (or target)';

export type Predicate = (s: Session) => boolean;
export type CompiledFilter = { ok: true; predicate: Predicate } | { ok: false; error: string };

// Lower-cased searchable fields. Every poll delivers new Session objects, so the cache is keyed
// by target and id (what the session key is made of) and an entry is reused while the fields it was built
// from are unchanged (the parser interns these strings, so the checks are mostly pointer
// compares). This keeps the first keystroke after a poll as cheap as the next ones.
interface Haystack {
  id: string;
  user: string;
  client: string;
  service: string;
  state: string;
  host: string;
  // The source values the text above was built from.
  srcUser: string | null;
  srcAddress: string | null;
  srcPort: number | undefined;
  srcService: string | null;
  srcState: string;
}

// Two generations bound the cache: entries are looked up in `young`, then `old` (and promoted);
// when `young` outgrows twice `old` (plus some slack) it becomes `old` and the previous `old` is
// dropped, so sessions that left are forgotten while the cache stays proportional to the
// sessions present. Entries are found by target, then numeric id: a poll's key strings are new
// and hashing 100k of them would cost most of what the cache saves.
const SLACK = 4096;
type Generation = { byTarget: Map<string, Map<number, Haystack>>; size: number };
const newGeneration = (): Generation => ({ byTarget: new Map(), size: 0 });
let young = newGeneration();
let old = newGeneration();

function fresh(h: Haystack | undefined, s: Session): h is Haystack {
  return (
    h !== undefined &&
    h.srcUser === s.user &&
    h.srcAddress === s.address &&
    h.srcPort === s.port &&
    h.srcService === s.service &&
    h.srcState === s.state
  );
}

function haystack(s: Session): Haystack {
  const h = young.byTarget.get(s.target)?.get(s.id);
  if (fresh(h, s)) return h;
  let made = old.byTarget.get(s.target)?.get(s.id);
  if (!fresh(made, s)) {
    made = {
      id: String(s.id),
      user: (s.user ?? '').toLowerCase(),
      client: s.address === null ? '' : (s.address + (s.port === undefined ? '' : ':' + s.port)).toLowerCase(),
      service: (s.service ?? '').toLowerCase(),
      state: s.state.toLowerCase(),
      host: s.target.toLowerCase(),
      srcUser: s.user,
      srcAddress: s.address,
      srcPort: s.port,
      srcService: s.service,
      srcState: s.state,
    };
  }
  if (h === undefined && young.size >= 2 * old.size + SLACK) {
    old = young;
    young = newGeneration();
  }
  let ids = young.byTarget.get(s.target);
  if (ids === undefined) young.byTarget.set(s.target, (ids = new Map()));
  if (h === undefined) young.size++;
  ids.set(s.id, made);
  return made;
}

function termPredicate(field: FilterField | null, value: string): Predicate {
  if (field === null) {
    return (s) => {
      const h = haystack(s);
      return (
        h.id.includes(value) ||
        h.user.includes(value) ||
        h.client.includes(value) ||
        h.service.includes(value) ||
        h.state.includes(value) ||
        h.host.includes(value)
      );
    };
  }
  if (field === 'id') return (s) => haystack(s).id === value;
  return (s) => haystack(s)[field].includes(value);
}

export function compileFilter(text: string): CompiledFilter {
  const terms = text.split(/\s+/).filter((t) => t.length > 0);
  const preds: Predicate[] = [];
  for (const raw of terms) {
    const negate = raw.startsWith('!');
    const term = negate ? raw.slice(1) : raw;
    if (term.length === 0) return { ok: false, error: `filter: '!' needs a term after it (e.g. !idle)` };
    const colon = term.indexOf(':');
    let field: FilterField | null = null;
    let value = term;
    if (colon > 0) {
      const name = term.slice(0, colon).toLowerCase();
      const f = FIELD_NAMES[name];
      if (f === undefined) {
        return { ok: false, error: `filter: unknown field '${name}'; valid fields: ${FILTER_FIELDS_HELP}` };
      }
      field = f;
      value = term.slice(colon + 1);
      if (value.length === 0) return { ok: false, error: `filter: '${name}:' needs a value (e.g. ${name}:abc)` };
    }
    const p = termPredicate(field, value.toLowerCase());
    preds.push(negate ? (s) => !p(s) : p);
  }
  if (preds.length === 0) return { ok: true, predicate: () => true };
  if (preds.length === 1) return { ok: true, predicate: preds[0] };
  return { ok: true, predicate: (s) => preds.every((p) => p(s)) };
}
