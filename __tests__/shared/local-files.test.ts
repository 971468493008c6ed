/** Local files: hashed once, streaming, either up front or on first demand (publish without checksums). */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFiles, sha256File } from '../../src/shared/local-files.ts';

let dir: string;
const contents: Record<string, Buffer> = {
  'a.bin': Buffer.alloc(3 * 1024 * 1024 + 5, 7),
  'b.txt': Buffer.from('hello'),
  'c.bin': Buffer.alloc(1024 * 1024, 1),
};
const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-files-'));
  for (const [name, content] of Object.entries(contents)) await writeFile(join(dir, name), content);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('sha256File matches the whole-buffer digest, also when one small buffer is reused across files', async () => {
  const buffer = Buffer.allocUnsafe(4096);
  for (const [name, content] of Object.entries(contents)) {
    expect(await sha256File(join(dir, name), buffer)).toBe(hex(content));
    expect(await sha256File(join(dir, name))).toBe(hex(content));
  }
});

test('describeFiles hashes every file up front by default', async () => {
  const files = await describeFiles(
    Object.keys(contents).map((n) => join(dir, n)),
    { parallel: 2 },
  );
  expect(files.map((f) => [f.name, f.size, f.sha256])).toEqual(
    Object.entries(contents).map(([n, c]) => [n, c.length, hex(c)]),
  );
  expect(await files[0]!.digest()).toBe(hex(contents['a.bin']!));
});

test('with hash: false the digest is computed on first demand, once, then shown as sha256', async () => {
  const [file] = await describeFiles([join(dir, 'a.bin')], { hash: false });
  expect(file!.sha256).toBe('');
  const first = file!.digest();
  expect(file!.digest()).toBe(first);
  expect(await first).toBe(hex(contents['a.bin']!));
  expect(file!.sha256).toBe(hex(contents['a.bin']!));
  expect({ ...file! }.sha256).toBe(hex(contents['a.bin']!));
});
