/**
 * Where the project's own files are, from source (tsx, jest) and from the build output alike.
 * A bundle in dist/ is one folder deeper than its source, so `__dirname`-relative paths would
 * differ between the two; the project root (the folder holding package.json) does not.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: the project's files (schema/, dist/web) cannot be found`);
  }
}

/** The repository root (the image's /app). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** Build output (git-ignored): the compiled services under dist/<source path>.js and the pages under dist/web. */
export const DIST_DIR = join(PROJECT_ROOT, 'dist');

/** `gateway/main.ts` -> `<root>/dist/gateway/main.js`: where `npm run build` puts an entry's bundle. */
export function compiledEntry(sourceEntry: string, distDir = DIST_DIR): string {
  return join(distDir, sourceEntry.replace(/\.ts$/, '.js'));
}
