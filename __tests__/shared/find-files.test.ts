/** Which files a `path` picks: the one rule set store and publish share (README, "Which files are picked"). */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFiles } from '../../src/shared/find-files.ts';

let base: string;
let ws: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'find-files-'));
  ws = join(base, 'ws');
  for (const [name, content] of Object.entries({
    'out/a.bin': 'a',
    'out/.hidden': 'h',
    'out/sub/b.txt': 'b',
    'other/c.txt': 'c',
  })) {
    await mkdir(join(ws, name, '..'), { recursive: true });
    await writeFile(join(ws, name), content);
  }
  await writeFile(join(base, 'secret.txt'), 'outside');
});
afterEach(() => rm(base, { recursive: true, force: true }));

const rel = (paths: string[]) => paths.map((p) => p.slice(ws.length + 1));

test('one directory picks every file below it, hidden ones and symlinks to files included', async () => {
  await symlink(join(ws, 'other/c.txt'), join(ws, 'out/link.txt'));
  expect(rel(await findFiles('path', ['out'], ws))).toEqual([
    'out/.hidden',
    'out/a.bin',
    'out/link.txt',
    'out/sub/b.txt',
  ]);
});

test('globs are relative to the workspace, exclusions apply, and a file matched twice is picked once', async () => {
  expect(rel(await findFiles('path', ['out/**/*.txt', 'out/sub/*', 'other/*'], ws))).toEqual([
    'other/c.txt',
    'out/sub/b.txt',
  ]);
  expect(rel(await findFiles('path', ['out/*', '!out/a.bin'], ws))).toEqual(['out/.hidden', 'out/sub/b.txt']);
  expect(rel(await findFiles('path', [join(ws, 'other')], ws))).toEqual(['other/c.txt']);
});

test('a pattern pointing outside the workspace is refused even when it matches nothing', async () => {
  for (const pattern of ['../secret.txt', '../nothing-here/*', join(base, '*.txt')]) {
    await expect(findFiles('path', [pattern], ws)).rejects.toThrow(
      `Input 'path' has value '${pattern}', which lies outside the workspace`,
    );
  }
});

test('a symlink whose target lies outside the workspace is refused, by directory and by glob', async () => {
  await symlink(join(base, 'secret.txt'), join(ws, 'out/escape.txt'));
  await expect(findFiles('path', ['out'], ws)).rejects.toThrow(
    "Input 'path' matches 'out/escape.txt', which lies outside the workspace",
  );
  await expect(findFiles('path', ['out/*.txt'], ws)).rejects.toThrow(/escape\.txt.*outside the workspace/);
});

test('the workspace may be given through a symlink; absolute patterns may use either spelling', async () => {
  const linked = join(base, 'ws-link');
  await symlink(ws, linked);
  expect(await findFiles('path', [join(linked, 'other/*')], linked)).toHaveLength(1);
  expect(await findFiles('path', ['other'], linked)).toHaveLength(1);
});

test('nothing picked: an error naming the input, unless allowed', async () => {
  await mkdir(join(ws, 'empty'));
  await expect(findFiles('path', ['empty'], ws)).rejects.toThrow(
    "Input 'path' names the directory 'empty', which holds no files.",
  );
  await expect(findFiles('path', ['out/*.zip'], ws)).rejects.toThrow(
    "Input 'path' has value 'out/*.zip', which matches no file.",
  );
  expect(await findFiles('path', ['out/*.zip'], ws, { allowNone: true })).toEqual([]);
});
