/** Benchmark inputs, generated on the fly into temp directories and removed afterwards. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export interface BenchFile {
  path: string;
  name: string;
  size: number;
}

export async function tempWorkspace(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `crp-bench-${label}-`));
  await mkdir(join(dir, 'out'));
  return dir;
}

/** `count` files of random bytes in `<workspace>/out`. */
export async function manyFiles(
  workspace: string,
  count: number,
  size: number,
  prefix = 'asset',
): Promise<BenchFile[]> {
  const files: BenchFile[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i).padStart(4, '0')}.bin`;
    const path = join(workspace, 'out', name);
    await writeFile(path, randomBytes(size));
    files.push({ path, name, size });
  }
  return files;
}

/** One file of `size` bytes, written in 1 MiB blocks (random block, each stamped with its index). */
export async function bigFile(workspace: string, size: number, name = 'big.bin'): Promise<BenchFile> {
  const path = join(workspace, 'out', name);
  const block = randomBytes(1024 * 1024);
  const out = createWriteStream(path);
  for (let offset = 0, i = 0; offset < size; offset += block.length, i++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(block.length, size - offset)));
    chunk.writeUInt32LE(i, 0);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path, name, size };
}
