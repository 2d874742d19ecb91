// Where the built project lives at run time.
import { fileURLToPath } from 'node:url';

/** dist/ (this file is dist/bench/lib/project.js). */
export const DIST_DIR = fileURLToPath(new URL('../../', import.meta.url));
