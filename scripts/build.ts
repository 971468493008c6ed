/**
 * `npm run build`: bundles the action's two entry points with ncc into dist/ and dist/post/,
 * then writes dist/licenses.txt from the bundles' webpack stats (see scripts/licenses.ts for
 * why not ncc's own `--license`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLicenses } from './licenses.ts';

const ENTRIES = [
  { source: 'src/index.ts', out: 'dist' },
  { source: 'src/post.ts', out: 'dist/post' },
] as const;

const statsDir = mkdtempSync(join(tmpdir(), 'crp-build-'));
try {
  const statsFiles = ENTRIES.map(({ source, out }, i) => {
    const stats = join(statsDir, `${i}.json`);
    execFileSync('ncc', ['build', source, '-o', out, '--stats-out', stats], { stdio: 'inherit' });
    return stats;
  });
  writeLicenses('dist/licenses.txt', statsFiles);
} finally {
  rmSync(statsDir, { recursive: true, force: true });
}
