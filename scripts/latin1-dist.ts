/**
 * Rewrites each bundle in dist/ with every character beyond Latin-1 as a \u escape (astral ones as
 * a surrogate pair). Why: V8 holds a script's source as a two-byte string as soon as one character
 * falls outside Latin-1, and the bundles carry a few hundred (mostly in dependencies' comments):
 * Latin-1 halves the source held in memory (dist/index.js: 3.6 → 1.8 MB of the action's RSS).
 * Inside strings, template literals, regular expressions, identifiers and comments a \u escape means
 * the same character; the bundles hold no String.raw, the one place it would not. Latin-1 characters
 * stay as they are: one of them, the no-break space, is also whitespace between tokens, where an
 * escape is a syntax error (a dependency of @actions/artifact writes `options ||\u00a0{}`). Whitespace
 * beyond Latin-1 is left alone for the same reason (none today; a test says if one appears).
 *   node scripts/latin1-dist.ts [dir…]   (npm run build runs it on dist and dist/post)
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const hex = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`;

/** JavaScript's whitespace and line terminators beyond Latin-1 (an escape would not be whitespace). */
const WIDE_WHITESPACE = /[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

export function latin1Only(source: string): string {
  if (source.includes('String.raw')) throw new Error('the bundle uses String.raw, where \\u escapes change the text');
  // Per UTF-16 unit: an astral character becomes its two surrogates, each escaped.
  return source.replace(/[^\x00-\xff]/g, (unit) => (WIDE_WHITESPACE.test(unit) ? unit : hex(unit.charCodeAt(0))));
}

async function rewrite(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.js')) continue;
      const path = join(dir, name);
      const before = await readFile(path, 'utf8');
      const after = latin1Only(before);
      if (after !== before) await writeFile(path, after);
    }
  }
}

// Run as a script (not when a test imports latin1Only).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dirs = process.argv.slice(2);
  await rewrite(dirs.length > 0 ? dirs : ['dist', 'dist/post']);
}
