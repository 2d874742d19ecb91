// Whether the project's patch-package patches are applied to node_modules right now: a figure
// measured against an unpatched dependency (e.g. during a reinstall) must say so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PatchState {
  patch: string;
  applied: boolean;
}

/** A patch counts as applied when every line it adds is present in the file it targets. */
function isApplied(root: string, patchText: string): boolean {
  let file: string | null = null;
  let content = '';
  for (const line of patchText.split('\n')) {
    const target = /^\+\+\+ b\/(.+)$/.exec(line);
    if (target) {
      file = join(root, target[1]);
      content = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (!content) return false;
    } else if (file && line.startsWith('+') && line.trim() !== '+' && !content.includes(line.slice(1))) {
      return false;
    }
  }
  return file !== null;
}

export function patchStates(root: string): PatchState[] {
  const dir = join(root, 'patches');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .map((f) => ({ patch: f, applied: isApplied(root, readFileSync(join(dir, f), 'utf8')) }));
}
