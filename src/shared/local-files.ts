/**
 * The files a step works on, as store and publish both see them: picked from the workspace by
 * `findFiles` (find-files.ts, one rule set), each described once with its flat name, its size and a
 * sha256 computed once, streaming.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { CHUNK, sha256File } from './hashing.ts';
import { forEachLimited } from './parallel.ts';

export { findFiles } from './find-files.ts';
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

/**
 * Sizes of each file and, with `hash` (the default), their sha256, hashing up to `parallel` files at
 * once. Without it the digests are left to {@link LocalFile.digest}: the uploader computes each
 * beside the file's first upload instead of in a pass of its own before any upload starts.
 */
export async function describeFiles(
  paths: readonly string[],
  o: { hash?: boolean; parallel?: number } = {},
): Promise<LocalFile[]> {
  const result: LocalFile[] = new Array(paths.length);
  // One read buffer per file in flight, reused from file to file.
  const buffers: Buffer[] = [];
  await forEachLimited(paths, o.parallel ?? 4, async (path, index) => {
    const { size } = statSync(path); // sync: one libc call, see find-files.ts
    if (o.hash === false || size === 0) {
      result[index] = lazyFile(path, size);
      return;
    }
    const buffer = buffers.pop() ?? Buffer.allocUnsafe(CHUNK);
    try {
      result[index] = lazyFile(path, size, await sha256File(path, buffer));
    } finally {
      buffers.push(buffer);
    }
  });
  return result;
}
