/**
 * The files to publish: a directory (every regular file under it) or newline-separated globs,
 * each mapped to its flat asset name and hashed once, streaming.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import * as glob from '@actions/glob';
import { InputError } from '../errors.ts';

export interface LocalFile {
  readonly path: string;
  /** Asset name before GitHub's sanitising: the file's base name. */
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

/** sha256 of a file in hex, read in 1 MiB chunks. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
  const root = await realpath(resolve(workspace));
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
    const real = await realpath(path);
    if (real !== root && !real.startsWith(root + sep)) {
      throw new InputError(`Input '${input}' matches '${relative(root, path)}', which lies outside the workspace ${root}: only files inside GITHUB_WORKSPACE are published.`);
    }
  }
  return paths;
}

/** Sizes and sha256 of each file, hashing up to `parallel` files at once. */
export async function describeFiles(paths: readonly string[], parallel = 4): Promise<LocalFile[]> {
  const result: LocalFile[] = new Array(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      const path = paths[index] as string;
      const { size } = await stat(path);
      result[index] = { path, name: basename(path), size, sha256: size === 0 ? '' : await sha256File(path) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, paths.length) }, worker));
  return result;
}
