/**
 * Bad input through the bundle (SPEC §6): one line naming the input, the value and what is allowed;
 * exit code 1; nothing written to GitHub.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createWorld, type World } from '../../testkit/world.ts';
import { BAD_INPUT_CASES as cases, FILES } from '../inputs/bad-input-cases.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

test.each(cases)('$name: one clear line, exit 1, no write', async (c) => {
  const run = world.startRun({ branch: 'main' });
  const workspace = await world.workspace(c.files ?? FILES);
  const before = world.emulator.writes().length;
  const result = await world.act(run, c.inputs, { workspace });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  const message = result.errors[0]!;
  expect(message).not.toContain('\n');
  for (const expected of c.expect) expect(message).toMatch(expected);
  expect(message).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  expect(world.emulator.writes().length).toBe(before);
});

test('a symlink that leads outside the workspace is refused before any write', async () => {
  const run = world.startRun({ branch: 'main' });
  const workspace = await world.workspace(FILES);
  await symlink('/etc/hostname', join(workspace, 'out', 'escape.txt'));
  const before = world.emulator.writes().length;
  const result = await world.act(run, { mode: 'publish', path: 'out' }, { workspace });
  expect(result.exitCode).toBe(1);
  expect(result.errors.join('\n')).toMatch(/escape\.txt.*outside the workspace/);
  expect(world.emulator.writes().length).toBe(before);
});
