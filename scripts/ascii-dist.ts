/**
 * Rewrites each bundle in dist/ with every non-ASCII character as a \u escape (astral ones as a
 * surrogate pair). Why: V8 holds a script's source as a two-byte string as soon as one character
 * falls outside Latin-1, and the bundles carry a few hundred (mostly in dependencies' comments):
 * ASCII halves the source held in memory (dist/index.js: 3.6 → 1.8 MB of the action's RSS).
 * Inside strings, template literals, regular expressions and comments a \u escape means the same
 * character; the bundles hold no String.raw, the one place it would not.
 *   node scripts/ascii-dist.ts [dir…]   (npm run build runs it on dist and dist/post)
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const hex = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`;

export function asciiOnly(source: string): string {
  if (source.includes('String.raw')) throw new Error('the bundle uses String.raw, where \\u escapes change the text');
  // Per UTF-16 unit: an astral character becomes its two surrogates, each escaped.
  return source.replace(/[^\x00-\x7f]/g, (unit) => hex(unit.charCodeAt(0)));
}

async function rewrite(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.js')) continue;
      const path = join(dir, name);
      const before = await readFile(path, 'utf8');
      const after = asciiOnly(before);
      if (after !== before) await writeFile(path, after);
    }
  }
}

// Run as a script (not when a test imports asciiOnly).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dirs = process.argv.slice(2);
  await rewrite(dirs.length > 0 ? dirs : ['dist', 'dist/post']);
}
