// JSON:API sparse fieldsets (`fields[type]=a,b/c`) and filters (`filter=/json/pointer=VALUE`) as
// MaxScale applies them: field paths are relative to `attributes` or `relationships`.

/** A tree of requested paths: `true` keeps the whole value. */
export type FieldTree = { [key: string]: FieldTree | true };

/** Parses `state,memory/total,services` into a tree; null when the parameter is absent. */
export function parseFieldTree(param: string | null): FieldTree | null {
  if (param === null) return null;
  // Null-prototype nodes: names like `__proto__` or `constructor` are just unknown fields.
  const tree: FieldTree = Object.create(null) as FieldTree;
  for (const path of param.split(',')) {
    const segments = path.split('/').filter((p) => p !== '').map(unescapePointer);
    if (segments.length === 0) continue;
    let node = tree;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i];
      const existing = node[key];
      if (existing === true) break; // a shorter path already keeps the whole value
      if (i === segments.length - 1) {
        node[key] = true;
        break;
      }
      node = existing ?? (node[key] = Object.create(null) as FieldTree);
    }
  }
  return tree;
}

/** A field tree with its keys sorted once, so picking many resources does not re-sort. */
export type Picker = true | readonly (readonly [string, Picker])[];

export function compilePicker(tree: FieldTree | true): Picker {
  if (tree === true) return true;
  return Object.keys(tree)
    .sort()
    .map((key) => [key, compilePicker(tree[key])] as const);
}

/** Keeps only the requested parts of `value`; undefined when nothing requested exists. */
export function pickTree(value: unknown, tree: FieldTree | true): unknown {
  return pick(value, compilePicker(tree));
}

export function pick(value: unknown, picker: Picker): unknown {
  if (picker === true) return value;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    // Pointer-style index into arrays: `connections/0/server`.
    const out: unknown[] = [];
    for (const [key, sub] of picker) {
      if (!/^\d+$/.test(key) || Number(key) >= value.length) continue;
      const v = pick(value[Number(key)], sub);
      if (v !== undefined) out.push(v);
    }
    return out.length > 0 ? out : undefined;
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [key, sub] of picker) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const v = pick(obj[key], sub);
    if (v !== undefined) {
      out[key] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

export interface Filter {
  pointer: string[];
  value: unknown;
}

/** `filter=/attributes/user="bob"`: a JSON pointer, `=`, a JSON value. Throws on anything else. */
export function parseFilter(param: string): Filter {
  const eq = param.indexOf('=');
  if (eq < 0 || !param.startsWith('/')) {
    throw new Error(`Invalid filter "${short(param)}": expected /json/pointer=JSON-value, e.g. /attributes/user="bob"`);
  }
  let value: unknown;
  try {
    value = JSON.parse(param.slice(eq + 1));
  } catch {
    throw new Error(`Invalid filter value in "${short(param)}": not valid JSON (strings need double quotes)`);
  }
  return { pointer: param.slice(1, eq).split('/').map(unescapePointer), value };
}

/** Follows a pointer through plain JSON values. */
export function resolvePointer(value: unknown, pointer: readonly string[]): unknown {
  let v = value;
  for (const key of pointer) {
    if (v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      if (!/^\d+$/.test(key)) return undefined;
      v = v[Number(key)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
  }
  return v;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function short(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
