/**
 * SPEC §7's permission matrix through the bundle: each mode with exactly its minimal
 * `permissions:` succeeds; with any one of them removed it fails before any write, with one message
 * naming the token input, the repository, the permission and the `permissions:` block that fixes it.
 * The repository is private: on a public one GitHub lets anyone read runs and releases.
 */
import { createWorld, GITHUB_TOKEN, type World } from '../../testkit/world.ts';
import { storeJob, actAsJob } from '../../testkit/matrix.ts';
import { withMarker } from '../../src/planning/marker.ts';
import type { AccessLevel, PermissionScope } from '../../emulator/index.ts';

type Grant = Partial<Record<PermissionScope, AccessLevel>>;
const FILES = { 'out/app.tar.gz': 'app', 'dist/app.tar.gz': 'app' };

let world: World;
beforeEach(async () => {
  world = await createWorld();
  world.repo.record.private = true;
});
afterEach(async () => {
  await world.close();
});

/**
 * Writes that changed something: a refused write (4xx) changed nothing, nor did an invisible draft
 * created and removed again.
 */
function changes(): number {
  return world.emulator.writes().filter((w) => !(w.status >= 400) && !draftRoundTrip(w)).length;
}

/**
 * The first write of a kind shows its permission (SPEC §7): a refused `pending` status right after
 * the first draft removes that draft again. Creating and deleting an invisible draft changes
 * nothing public; `snapshot()` shows that no release is left.
 */
function draftRoundTrip(w: { method: string; path: string }): boolean {
  return (
    (w.method === 'POST' && /\/releases$/.test(w.path)) || (w.method === 'DELETE' && /\/releases\/\d+$/.test(w.path))
  );
}

/** Releases, tags and statuses as they are now, to show nothing changed. */
function snapshot(): string {
  return JSON.stringify({
    releases: world.repo.releases().map((r) => [r.id, r.tagName, r.draft, r.assets.length]),
    tags: world.repo.tags(),
    statuses: world.repo.statuses(world.sha).length,
  });
}

function grant(permissions: Grant): void {
  world.emulator.addToken(GITHUB_TOKEN, { kind: 'installation', repos: { [world.repo.fullName]: permissions } });
}

/** An incomplete draft of a finished earlier run: the leftover cleanup must remove. */
function seedLeftover(): void {
  const old = world.startRun({ branch: 'main' });
  old.update({ status: 'completed', conclusion: 'failure' });
  world.repo.addRelease({
    tagName: '_ci-main-latest',
    draft: true,
    body: withMarker('incomplete', {
      v: 1,
      kind: 'latest',
      workflowId: world.workflowId,
      branch: 'main',
      runId: old.id,
      runNumber: old.runNumber,
      runAttempt: 1,
      sha: world.sha,
    }),
  });
}

interface ModeCase {
  readonly name: string;
  readonly minimal: Grant;
  readonly inputs: Record<string, string>;
  readonly arrange?: () => void;
}

const MODES: ModeCase[] = [
  { name: 'publish', minimal: { contents: 'write', actions: 'read' }, inputs: { mode: 'publish', path: 'out' } },
  {
    name: 'publish with commit-status',
    minimal: { contents: 'write', actions: 'read', statuses: 'write' },
    inputs: { mode: 'publish', path: 'out', 'commit-status': 'true' },
  },
  {
    name: 'cleanup',
    minimal: { contents: 'write', actions: 'read' },
    inputs: { mode: 'cleanup', backend: 'releases' },
    arrange: seedLeftover,
  },
  {
    name: 'store (releases backend)',
    minimal: { contents: 'write', actions: 'read' },
    inputs: { mode: 'store', path: 'dist/*', backend: 'releases' },
  },
  {
    name: 'collect (releases backend)',
    minimal: { contents: 'write' },
    inputs: { mode: 'collect', path: 'collected', backend: 'releases' },
  },
];

const BLOCK: Record<string, string> = {
  publish: 'actions: read, contents: write',
  'publish with commit-status': 'actions: read, contents: write, statuses: write',
  cleanup: 'actions: read, contents: write',
  'store (releases backend)': 'actions: read, contents: write',
  'collect (releases backend)': 'contents: write',
};

test.each(MODES)('$name succeeds with exactly its minimal permissions', async (c) => {
  grant(c.minimal);
  c.arrange?.();
  const run = world.startRun({ branch: 'main' });
  const result = await world.act(run, c.inputs, { workspace: await world.workspace(FILES) });
  expect(result.errors).toEqual([]);
  expect(result.exitCode).toBe(0);
  if (c.name === 'cleanup') expect(JSON.parse(result.outputs.deleted!)).toEqual(['_ci-main-latest']);
  if (c.name.startsWith('publish')) expect(result.outputs['latest-tag']).toBe('ci-main-latest');
});

const REMOVALS = MODES.flatMap((c) =>
  Object.keys(c.minimal).map((scope) => ({ ...c, removed: scope as PermissionScope })),
);

test.each(REMOVALS)(
  '$name without $removed fails before any write, naming token, repository, permission and fix',
  async (c) => {
    const permissions = { ...c.minimal };
    delete permissions[c.removed];
    grant(permissions);
    c.arrange?.();
    const run = world.startRun({ branch: 'main' });
    const before = changes();
    const state = snapshot();
    const result = await world.act(run, c.inputs, { workspace: await world.workspace(FILES) });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    const message = result.errors[0]!;
    expect(message).not.toContain('\n');
    expect(message).toContain("The 'token' input");
    expect(message).toContain(`'${c.removed}: ${c.minimal[c.removed]}'`);
    expect(message).toContain(world.repo.fullName);
    // A missing contents: write may show first on the read of releases that precedes the write.
    expect(message).toMatch(new RegExp(`X-Accepted-GitHub-Permissions: ${c.removed}=(read|${c.minimal[c.removed]})`));
    expect(message).toContain(`'permissions: { ${BLOCK[c.name]} }'`);
    expect(message).toMatch(
      /fine-grained personal access token or a GitHub App installation token, grant '(Contents|Actions|Commit statuses): (Read and write|Read-only)'/,
    );
    expect(changes()).toBe(before);
    expect(snapshot()).toBe(state);
    // Printed for the report's matrix table.
    console.log(`MATRIX | ${c.name} | ${c.removed}: ${c.minimal[c.removed]} | ${message}`);
  },
);

test('store and collect on the artifacts backend need no permission at all', async () => {
  await world.close();
  world = await createWorld({ serverHost: 'github.localhost' });
  world.repo.record.private = true;
  grant({});
  const run = world.startRun({ branch: 'main' });
  const stored = await storeJob(world, run, {
    name: 'linux',
    backend: 'artifacts',
    files: { 'dist/app.tar.gz': 'linux build' },
  });
  expect(stored.result.errors).toEqual([]);
  expect(stored.result.exitCode).toBe(0);
  stored.job.update({ status: 'completed', conclusion: 'success' });
  const publisher = run.addJob({ name: 'publish', status: 'in_progress' });
  const collected = await actAsJob(
    world,
    run,
    publisher,
    { mode: 'collect', path: 'collected', backend: 'artifacts' },
    { workspace: await world.workspace() },
  );
  expect(collected.errors).toEqual([]);
  expect(collected.outputs.files).toBe('1');
});

test('a token that cannot see the repository: 404 named as such, nothing written', async () => {
  world.emulator.addToken(GITHUB_TOKEN, {
    kind: 'installation',
    repos: { 'someone/else': { contents: 'write', actions: 'read' } },
  });
  const run = world.startRun({ branch: 'main' });
  const result = await world.act(run, { mode: 'publish', path: 'out' }, { workspace: await world.workspace(FILES) });
  expect(result.exitCode).toBe(1);
  expect(result.errors[0]).toMatch(/The 'token' input cannot see octo\/nightly \(HTTP 404/);
  expect(world.emulator.writes()).toEqual([]);
});

test('a revoked token: 401 names the input to check', async () => {
  const run = world.startRun({ branch: 'main' });
  const result = await world.act(
    run,
    { mode: 'publish', path: 'out' },
    { workspace: await world.workspace(FILES), token: 'ghs_revokedTokenThatGitHubNoLongerKnows01' },
  );
  expect(result.exitCode).toBe(1);
  expect(result.errors[0]).toMatch(
    /The 'token' input holds a token GitHub does not accept.*check the secret passed as 'token'/,
  );
  expect(world.emulator.writes()).toEqual([]);
});

test('publish with contents: read only is stopped by the write probe, before any write', async () => {
  grant({ contents: 'read', actions: 'read' });
  const run = world.startRun({ branch: 'main' });
  const before = changes();
  const result = await world.act(run, { mode: 'publish', path: 'out' }, { workspace: await world.workspace(FILES) });
  expect(result.exitCode).toBe(1);
  expect(result.errors[0]).toMatch(
    /lacks 'contents: write' on octo\/nightly.*X-Accepted-GitHub-Permissions: contents=write/,
  );
  expect(changes()).toBe(before);
  expect(world.repo.releases()).toEqual([]);
});
