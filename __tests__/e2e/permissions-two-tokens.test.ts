/**
 * Publishing to another repository (SPEC §7): `release-token` reaches only the target, `token`
 * (GITHUB_TOKEN) keeps the source's runs and commit statuses. Also commit statuses per kind.
 */
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { published, releasesOf } from '../../testkit/inspect.ts';
import type { RepoHandle, TokenKind } from '../../emulator/index.ts';

const FILES = { 'out/app.tar.gz': 'app build', 'out/notes.txt': 'notes' };
/** Shapes of a fine-grained PAT and of an installation token from actions/create-github-app-token. */
const PAT = 'github_pat_11AAAAAAA0targetOnlyFineGrainedTokenForTests0000000000000000000000';
const APP = 'ghs_installationTokenScopedToNightliesOnly01';

let world: World;
let target: RepoHandle;
beforeEach(async () => {
  world = await createWorld();
  world.repo.record.private = true;
  target = world.emulator.createRepo({ owner: 'other', repo: 'nightlies', private: true, defaultBranch: 'trunk' });
  target.addCommit();
  // GITHUB_TOKEN: the source only, without contents (the releases are elsewhere).
  world.emulator.addToken(GITHUB_TOKEN, {
    kind: 'installation',
    repos: { [world.repo.fullName]: { actions: 'read', statuses: 'write' } },
  });
});
afterEach(async () => {
  await world.close();
});

function releaseToken(token: string, kind: TokenKind, contents: 'read' | 'write' | undefined): void {
  world.emulator.addToken(token, { kind, repos: { [target.fullName]: contents ? { contents } : {} } });
}

async function publishElsewhere(inputs: Record<string, string> = {}) {
  const run = world.startRun({ branch: 'main' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', repository: target.fullName, 'commit-status': 'true', ...inputs },
    { workspace: await world.workspace(FILES) },
  );
  return { run, result };
}

test.each([
  ['a fine-grained PAT', PAT, 'fine-grained-pat'],
  ['a GitHub App installation token', APP, 'installation'],
] as const)('%s for the target only publishes there; runs and statuses stay with token', async (_name, token, kind) => {
  releaseToken(token, kind, 'write');
  const { result } = await publishElsewhere({ 'release-token': token });
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  const releases = published(await releasesOf(world.emulator, target));
  expect([...releases.keys()].sort()).toEqual(['ci-main-1', 'ci-main-latest']);
  // Another repository has not got the source's commit: tags go on its default branch.
  expect(target.tags()['ci-main-latest']).toBe(target.record.refs.get('refs/heads/trunk'));
  expect(world.repo.releases()).toEqual([]);
  // Every source-repository call used GITHUB_TOKEN; the release token touched only the target.
  const calls = world.emulator.log.filter((e) => e.path.startsWith('/repos/'));
  expect(calls.filter((c) => c.token === token).length).toBeGreaterThan(3);
  for (const call of calls) {
    const onTarget = call.path.startsWith(`/repos/${target.fullName}/`) || call.path === `/repos/${target.fullName}`;
    expect([call.path, call.token]).toEqual([call.path, onTarget ? token : GITHUB_TOKEN]);
  }
  const statuses = world.repo.statuses(world.sha);
  // A `pending` status per kind first (the first statuses write shows the permission), each
  // replaced by its final one.
  expect(statuses.map((s) => [s.context, s.state])).toEqual([
    ['ci-release-publisher/numbered', 'pending'],
    ['ci-release-publisher/latest', 'pending'],
    ['ci-release-publisher/numbered', 'success'],
    ['ci-release-publisher/latest', 'success'],
  ]);
  expect(statuses.filter((s) => s.context.endsWith('/latest')).at(-1)!.targetUrl).toBe(result.outputs['latest-url']);
});

test('latest-target-commitish overrides the default branch on another repository', async () => {
  releaseToken(PAT, 'fine-grained-pat', 'write');
  const sha = target.addCommit();
  const { result } = await publishElsewhere({
    'release-token': PAT,
    'latest-target-commitish': sha,
    numbered: 'false',
  });
  expect(result.errors).toEqual([]);
  expect(target.tags()['ci-main-latest']).toBe(sha);
});

test('a release token with contents: read only on the target: one message naming release-token, the repository and the token setting', async () => {
  releaseToken(APP, 'installation', 'read');
  const before = world.emulator.writes().filter((w) => !(w.status >= 400)).length;
  const { result } = await publishElsewhere({ 'release-token': APP });
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(
    /The 'release-token' input lacks 'contents: write' on other\/nightlies.*grant 'Contents: Read and write' on other\/nightlies/,
  );
  expect(result.errors[0]).not.toContain('permissions: {');
  expect(world.emulator.writes().filter((w) => !(w.status >= 400)).length).toBe(before);
  expect(world.repo.statuses(world.sha)).toEqual([]);
});

test('a release token that cannot see the target (scoped to another repository): 404 explained', async () => {
  world.emulator.addToken(APP, { kind: 'installation', repos: { 'other/elsewhere': { contents: 'write' } } });
  const { result } = await publishElsewhere({ 'release-token': APP });
  expect(result.exitCode).toBe(1);
  expect(result.errors[0]).toMatch(/The 'release-token' input cannot see other\/nightlies \(HTTP 404/);
});

test('without release-token, GITHUB_TOKEN cannot reach another repository: the message says to set release-token', async () => {
  const { result } = await publishElsewhere();
  expect(result.exitCode).toBe(1);
  expect(result.errors[0]).toMatch(
    /The 'token' input cannot see other\/nightlies.*GITHUB_TOKEN never reaches another repository: set 'release-token'/,
  );
});

test('a skipped Latest gets a success status saying which newer run will publish', async () => {
  releaseToken(PAT, 'fine-grained-pat', 'write');
  const run = world.startRun({ branch: 'main' });
  world.startRun({ branch: 'main', status: 'queued' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out', repository: target.fullName, 'release-token': PAT, 'commit-status': 'true' },
    { workspace: await world.workspace(FILES) },
  );
  expect(result.errors).toEqual([]);
  // The last status of the context is the one GitHub shows (a `pending` one came first).
  const latest = world.repo
    .statuses(world.sha)
    .filter((s) => s.context === 'ci-release-publisher/latest')
    .at(-1)!;
  expect(latest.state).toBe('success');
  expect(latest.description).toBe('skipped: a newer run #2 will publish');
});

test('a publish that fails after the preflight posts failure statuses and still fails the step', async () => {
  releaseToken(PAT, 'fine-grained-pat', 'write');
  world.emulator.faults.add({ method: 'POST', path: /\/assets$/, action: { status: 422 } });
  const { result } = await publishElsewhere({ 'release-token': PAT });
  expect(result.exitCode).toBe(1);
  const statuses = world.repo.statuses(world.sha);
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.some((s) => s.state === 'failure' && s.description!.startsWith('publishing failed:'))).toBe(true);
  for (const s of statuses) expect(s.description).not.toContain(PAT);
});
