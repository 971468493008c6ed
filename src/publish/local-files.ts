/**
 * The files to publish: a directory (every regular file under it) or newline-separated globs,
 * each mapped to its flat asset name and hashed once, streaming.
 */
import { realpathSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import * as glob from '@actions/glob';
import { InputError } from '../errors.ts';
import { CHUNK, sha256File } from '../store/hashing.ts';

export { sha256File };

export interface LocalFile {
  readonly path: string;
  /** Asset name before GitHub's sanitising: the file's base name. */
  readonly name: string;
  readonly size: number;
  /** sha256 in hex; '' while not computed yet (files described with `hash: false`). */
  readonly sha256: string;
  /** The sha256, computed at most once per file however often it is asked (the uploader asks). */
  digest(): Promise<string>;
  /** Records a sha256 computed elsewhere (from the bytes an upload read), unless one is known. */
  remember(sha256: string): void;
}


/** A file whose sha256 is computed on first demand, once. */
function lazyFile(path: string, size: number, known?: string): LocalFile {
  let sha256 = known ?? (size === 0 ? '' : undefined);
  let pending: Promise<string> | undefined;
  return {
    path,
    name: basename(path),
    size,
    get sha256() {
      return sha256 ?? '';
    },
    digest() {
      if (sha256 !== undefined) return Promise.resolve(sha256);
      pending ??= sha256File(path, Buffer.allocUnsafe(Math.min(CHUNK, size))).then((hex) => (sha256 = hex));
      return pending;
    },
    remember(hex) {
      sha256 ??= hex;
    },
  };
}

/** Regular files below `directory`, and symlinks to files (checked against the workspace later). */
async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const paths: string[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)))) paths.push(path);
  }
  return paths.sort();
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Finds the files `patterns` name, relative to `workspace`. A single pattern naming a directory
 * means all files below it. Fails (InputError) when a pattern matches nothing or a file lies
 * outside the workspace (also through a symlink).
 */
export async function findFiles(input: string, patterns: readonly string[], workspace: string): Promise<string[]> {
  const root = realpathSync.native(resolve(workspace));
  const first = patterns[0];
  let paths: string[];
  if (patterns.length === 1 && first !== undefined && !/[*?[{]/.test(first) && (await isDirectory(resolve(root, first)))) {
    paths = await walk(resolve(root, first));
    if (paths.length === 0) throw new InputError(`Input '${input}' names the directory '${first}', which holds no files.`);
  } else {
    const absolute = patterns.map((p) => (p.startsWith('!') ? `!${resolve(root, p.slice(1))}` : resolve(root, p)));
    const globber = await glob.create(absolute.join('\n'), { matchDirectories: false, implicitDescendants: true });
    paths = (await globber.glob()).sort();
    if (paths.length === 0) throw new InputError(`Input '${input}' has value '${patterns.join('\\n')}', which matches no file.`);
  }
  for (const path of paths) {
    // Synchronous: one libc call each, where a promise and a thread-pool round trip per file cost
    // ~10× more CPU (200 files: bench P1).
    const real = realpathSync.native(path);
    if (real !== root && !real.startsWith(root + sep)) {
      throw new InputError(`Input '${input}' matches '${relative(root, path)}', which lies outside the workspace ${root}: only files inside GITHUB_WORKSPACE are published.`);
    }
  }
  return paths;
}

/**
 * Sizes of each file and, with `hash` (the default), their sha256, hashing up to `parallel` files at
 * once. Without it the digests are left to {@link LocalFile.digest}: the uploader computes each
 * beside the file's first upload instead of in a pass of its own before any upload starts.
 */
export async function describeFiles(paths: readonly string[], o: { hash?: boolean; parallel?: number } = {}): Promise<LocalFile[]> {
  const result: LocalFile[] = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    const buffer = o.hash === false ? undefined : Buffer.allocUnsafe(CHUNK);
    while (next < paths.length) {
      const index = next++;
      const path = paths[index] as string;
      const { size } = statSync(path); // sync: see findFiles
      result[index] = lazyFile(path, size, buffer && size > 0 ? await sha256File(path, buffer) : undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.parallel ?? 4, paths.length) }, worker));
  return result;
}
