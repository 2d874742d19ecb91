// Named keys → the bytes a real xterm sends for them (normal cursor-key mode).
export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pgup: '\x1b[5~',
  pgdn: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  esc: '\x1b',
  delete: '\x1b[3~',
  backspace: '\x7f',
  tab: '\t',
  space: ' ',
  'ctrl-c': '\x03',
} as const;

export type KeyName = keyof typeof KEYS;

/** A named key's bytes; anything else is typed literally (e.g. `q`, `/user:bob`). */
export function keyBytes(key: KeyName | string): string {
  return Object.prototype.hasOwnProperty.call(KEYS, key) ? KEYS[key as KeyName] : key;
}
