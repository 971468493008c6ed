/**
 * Which files a `path` input picks, for store and publish alike (README, "Which files are picked"):
 * 1. Patterns are relative to the workspace (absolute ones are taken as they are); `!pattern` excludes.
 * 2. One pattern without glob characters that names a directory picks every file below it, hidden
 *    ones and symlinks to files included. Anything else is globbed by `@actions/glob`: a directory
 *    matched stands for every file below it, symlinks are followed, directories are never picked.
 * 3. A pattern that points outside the workspace is refused, even when it matches nothing; so is
 *    every picked file whose real path (symlinks resolved) lies outside the workspace's real path.
 * 4. A file matched by several patterns is picked once; a symlink and its target are two files.
 * 5. Paths come back absolute, as matched (not resolved), sorted.
 */
import { realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import * as glob from '@actions/glob';
import { InputError } from '../errors.ts';

const GLOB_CHARACTERS = /[*?[{]/;

function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Regular files below `directory`, and symlinks to files (checked against the workspace later). */
async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const paths: string[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (
      entry.isFile() ||
      (entry.isSymbolicLink() &&
        (await stat(path).then(
          (s) => s.isFile(),
          () => false,
        )))
    )
      paths.push(path);
  }
  return paths;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The part of a pattern before its first glob character: the directory it can reach at most. */
function literalPrefix(pattern: string): string {
  const at = pattern.search(GLOB_CHARACTERS);
  return at < 0 ? pattern : pattern.slice(0, at);
}

/**
 * The files `patterns` (the value of the input named `input`) pick in `workspace`. Fails with an
 * InputError naming the input when a pattern or a file lies outside the workspace, and, unless
 * `allowNone`, when nothing is picked.
 */
export async function findFiles(
  input: string,
  patterns: readonly string[],
  workspace: string,
  o: { allowNone?: boolean } = {},
): Promise<string[]> {
  const given = resolve(workspace);
  const root = realpathSync.native(given);
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    const reach = resolve(root, literalPrefix(pattern));
    // An absolute pattern may spell the workspace as given (GITHUB_WORKSPACE) or as its real path.
    if (!isWithin(root, reach) && !isWithin(given, resolve(given, literalPrefix(pattern)))) {
      throw new InputError(
        `Input '${input}' has value '${pattern}', which lies outside the workspace ${root}: only files inside GITHUB_WORKSPACE can be stored or published.`,
      );
    }
  }
  const first = patterns[0];
  let paths: string[];
  if (
    patterns.length === 1 &&
    first !== undefined &&
    !GLOB_CHARACTERS.test(first) &&
    (await isDirectory(resolve(root, first)))
  ) {
    paths = await walk(resolve(root, first));
    if (paths.length === 0 && !o.allowNone)
      throw new InputError(`Input '${input}' names the directory '${first}', which holds no files.`);
  } else {
    const absolute = patterns.map((p) => (p.startsWith('!') ? `!${resolve(root, p.slice(1))}` : resolve(root, p)));
    const globber = await glob.create(absolute.join('\n'), {
      matchDirectories: false,
      implicitDescendants: true,
      followSymbolicLinks: true,
    });
    paths = await globber.glob();
    if (paths.length === 0 && !o.allowNone)
      throw new InputError(`Input '${input}' has value '${patterns.join('\\n')}', which matches no file.`);
  }
  paths = [...new Set(paths)].sort();
  for (const path of paths) {
    // Synchronous: one libc call each, where a promise and a thread-pool round trip per file cost
    // ~10× more CPU (200 files: bench P1).
    const real = realpathSync.native(path);
    if (!isWithin(root, real) || real === root) {
      throw new InputError(
        `Input '${input}' matches '${relative(root, path)}', which lies outside the workspace ${root}: only files inside GITHUB_WORKSPACE can be stored or published.`,
      );
    }
  }
  return paths;
}
