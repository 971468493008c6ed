/**
 * Secrets never leak (SPEC §6): every mode through success and the failure paths we can provoke,
 * scanning stdout (but the runner's own `::add-mask::` lines, which it consumes), stderr, outputs,
 * saved state and the job summary for the token strings and for URL signatures (`sig=`).
 */
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { actAsJob, runnerCredentials, storeJob } from '../../testkit/matrix.ts';
import type { ActionResult } from '../../testkit/action-runner.ts';
import type { RepoHandle } from '../../emulator/index.ts';

const PAT = 'github_pat_11LEAKSCAN0releaseTokenForTheOtherRepository000000000000000000000000';
const REVOKED = 'ghs_revokedTokenThatMustNeverBePrinted00001';
/** Not shaped like a GitHub token, so only masking by value (not by pattern) can hide it. */
const ODD = 'enterprise-token-7f3c9a1b2d4e6f80';
const FILES = { 'out/app.tar.gz': 'app build', 'out/notes.txt': 'notes', 'dist/app.tar.gz': 'stored build' };
const FAST_RETRIES = { CRP_RETRY_BASE_MS: '5' };

let world: World;
let target: RepoHandle;
const scanned: string[] = [];

beforeEach(async () => {
  world = await createWorld({ serverHost: 'github.localhost' });
  target = world.emulator.createRepo({ owner: 'other', repo: 'nightlies', private: true });
  target.addCommit();
  world.emulator.addToken(PAT, { kind: 'fine-grained-pat', repos: { [target.fullName]: { contents: 'write' } } });
  world.emulator.addToken(ODD, {
    kind: 'installation',
    repos: { [world.repo.fullName]: { contents: 'write', actions: 'read', statuses: 'write' } },
  });
});
afterEach(async () => {
  await world.close();
});
afterAll(() => {
  // Every case below must have been scanned: a skipped scan would pass silently.
  expect(scanned.length).toBeGreaterThanOrEqual(16);
});

function expectNoSecrets(name: string, result: ActionResult, extraSecrets: string[] = []): void {
  scanned.push(name);
  const masks = result.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
  const places: Record<string, string> = {
    stdout: result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: result.stderr,
    outputs: JSON.stringify(result.outputs),
    state: JSON.stringify(result.state),
    summary: result.summary,
  };
  for (const [where, text] of Object.entries(places)) {
    for (const secret of [GITHUB_TOKEN, PAT, REVOKED, ODD, ...extraSecrets]) {
      expect([name, where, text.includes(secret)]).toEqual([name, where, false]);
    }
    expect([name, where, /sig=/i.test(text)]).toEqual([name, where, false]);
  }
  // The tokens the step was given were masked for the runner.
  expect(masks.length).toBeGreaterThan(0);
}

async function publish(
  inputs: Record<string, string>,
  o: { token?: string; env?: Record<string, string>; run?: ReturnType<World['startRun']> } = {},
): Promise<ActionResult> {
  const run = o.run ?? world.startRun({ branch: 'main' });
  return world.act(
    run,
    { mode: 'publish', path: 'out', 'commit-status': 'true', ...inputs },
    {
      workspace: await world.workspace(FILES),
      ...(o.token ? { token: o.token } : {}),
      env: { ...FAST_RETRIES, ...o.env },
    },
  );
}

test('publish: success to the same and to another repository', async () => {
  const same = await publish({});
  expect(same.exitCode).toBe(0);
  expectNoSecrets('publish same repository', same);
  const other = await publish({ repository: target.fullName, 'release-token': PAT });
  expect(other.exitCode).toBe(0);
  expectNoSecrets('publish other repository', other);
  const odd = await publish({}, { token: ODD });
  expect(odd.exitCode).toBe(0);
  expectNoSecrets('publish with a token of unusual shape', odd);
});

test.each([
  ['a revoked token', { 'release-token': REVOKED, repository: 'other/nightlies' }, {}],
  [
    'a release token without access',
    {
      'release-token': 'github_pat_11NOACCESS0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      repository: 'other/nightlies',
    },
    {},
  ],
  [
    'a token of unusual shape that GitHub rejects',
    { 'release-token': 'not-a-github-token-9c8b7a6d5e4f', repository: 'other/nightlies' },
    {},
  ],
  ['bad input', { 'numbered-keep-count': '-1' }, {}],
] as const)('publish fails with %s: nothing secret printed', async (name, inputs, env) => {
  const result = await publish(inputs, { env });
  expect(result.exitCode).toBe(1);
  expectNoSecrets(`publish: ${name}`, result, [
    'github_pat_11NOACCESS0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'not-a-github-token-9c8b7a6d5e4f',
  ]);
});

test.each([
  ['an upload refused', { method: 'POST', path: /\/assets$/, action: { status: 422 } }],
  ['a persistent 502', { method: 'POST', path: /\/releases$/, action: { status: 502 } }],
  ['connection resets on upload', { method: 'POST', path: /\/assets$/, action: { reset: true } }],
] as const)('publish fails on %s after the preflight: nothing secret printed', async (name, rule) => {
  world.emulator.faults.add({ ...rule, times: 100 } as never);
  const result = await publish({ repository: target.fullName, 'release-token': PAT });
  expect(result.exitCode).toBe(1);
  expectNoSecrets(`publish fault: ${name}`, result);
});

test('store and collect on draft releases (signed asset downloads): success and a permission failure', async () => {
  const run = world.startRun({ branch: 'main' });
  const stored = await world.act(
    run,
    { mode: 'store', path: 'dist/*', backend: 'releases' },
    { workspace: await world.workspace(FILES) },
  );
  expect(stored.exitCode).toBe(0);
  expectNoSecrets('store releases', stored);
  const collected = await world.act(
    run,
    { mode: 'collect', path: 'got', backend: 'releases' },
    { workspace: await world.workspace() },
  );
  expect(collected.errors).toEqual([]);
  expect(collected.outputs.files).toBe('1');
  expectNoSecrets('collect releases', collected);
  const denied = await world.act(
    run,
    { mode: 'collect', path: 'got', backend: 'releases' },
    { workspace: await world.workspace(), token: REVOKED },
  );
  expect(denied.exitCode).toBe(1);
  expectNoSecrets('collect with a revoked token', denied);
});

test('store and collect on Actions artifacts (signed blob URLs, runtime token)', async () => {
  const run = world.startRun({ branch: 'main' });
  const stored = await storeJob(world, run, { name: 'linux', backend: 'artifacts', files: FILES });
  expect(stored.result.exitCode).toBe(0);
  const runtime = runnerCredentials(world, run, stored.job.id).ACTIONS_RUNTIME_TOKEN!;
  expectNoSecrets('store artifacts', stored.result, [runtime]);
  stored.job.update({ status: 'completed', conclusion: 'success' });
  const publisher = run.addJob({ name: 'publish', status: 'in_progress' });
  const collected = await actAsJob(
    world,
    run,
    publisher,
    { mode: 'collect', path: 'got', backend: 'artifacts' },
    { workspace: await world.workspace() },
  );
  expect(collected.errors).toEqual([]);
  expectNoSecrets('collect artifacts', collected, [runnerCredentials(world, run, publisher.id).ACTIONS_RUNTIME_TOKEN!]);
});

test('cleanup: success, and failures for a missing permission and a revoked token', async () => {
  const run = world.startRun({ branch: 'main' });
  const ok = await world.act(run, { mode: 'cleanup', backend: 'releases' }, { workspace: await world.workspace() });
  expect(ok.exitCode).toBe(0);
  expectNoSecrets('cleanup', ok);
  const revoked = await world.act(
    run,
    { mode: 'cleanup', backend: 'releases' },
    { workspace: await world.workspace(), token: REVOKED },
  );
  expect(revoked.exitCode).toBe(1);
  expectNoSecrets('cleanup with a revoked token', revoked);
  world.repo.record.private = true;
  world.emulator.addToken(GITHUB_TOKEN, {
    kind: 'installation',
    repos: { [world.repo.fullName]: { contents: 'write' } },
  });
  const denied = await world.act(run, { mode: 'cleanup', backend: 'releases' }, { workspace: await world.workspace() });
  expect(denied.exitCode).toBe(1);
  expectNoSecrets('cleanup without actions: read', denied);
});
