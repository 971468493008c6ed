/**
 * Shared by the fault suites: publish/cleanup through the bundle with fast retries, and the checks
 * every fault case ends with (exact files by sha256, every asset 'uploaded', no draft after cleanup).
 */
import { expect } from '@jest/globals';
import type { RunHandle } from '../../emulator/index.ts';
import { published, releasesOf, sha256 } from '../../testkit/inspect.ts';
import type { ActionResult } from '../../testkit/action-runner.ts';
import type { World } from '../../testkit/world.ts';

/** Test-only: 5xx backoff of 20/80/180/320 ms instead of seconds (see src/github/octokit.ts). */
export const FAST = { CRP_RETRY_BASE_MS: '20' };

export const REPO = '/repos/octo/nightly';
export const PATHS = {
  releases: `${REPO}/releases`,
  release: /^\/repos\/octo\/nightly\/releases\/\d+$/,
  upload: /^\/api\/uploads\/repos\/octo\/nightly\/releases\/\d+\/assets$/,
  // Octokit sends the ref's slash encoded (`tags%2F…`).
  tagRef: /^\/repos\/octo\/nightly\/git\/refs\/tags(\/|%2F)/i,
  runs: /^\/repos\/octo\/nightly\/actions\/(runs|workflows)\//,
} as const;

/** Three files, one large enough that a cut upload leaves a real half. */
export function filesFor(label: string): Record<string, string | Buffer> {
  return {
    'out/app.bin': Buffer.alloc(300 * 1024, label),
    'out/tool.zip': `tool ${label}`,
    'out/notes.txt': `notes ${label}`,
  };
}

export async function act(
  world: World,
  run: RunHandle,
  inputs: Record<string, string>,
  files: Record<string, string | Buffer> = {},
  o: { killAfterMs?: number } = {},
): Promise<ActionResult> {
  const workspace = await world.workspace(files);
  return world.act(run, inputs, { workspace, env: FAST, ...o });
}

export async function publishRun(
  world: World,
  run: RunHandle,
  label: string,
  inputs: Record<string, string> = {},
  o: { killAfterMs?: number } = {},
): Promise<ActionResult> {
  return act(world, run, { mode: 'publish', path: 'out', ...inputs }, filesFor(label), o);
}

export async function cleanupRun(
  world: World,
  run: RunHandle,
  inputs: Record<string, string> = {},
): Promise<ActionResult> {
  return act(world, run, { mode: 'cleanup', backend: 'releases', ...inputs });
}

function expectedAssets(label: string): Record<string, string> {
  const files = filesFor(label);
  const assets: Record<string, string> = {};
  const sums: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const name = path.slice('out/'.length);
    assets[name] = sha256(content);
    sums.push(name);
  }
  expect(sums.length).toBe(3);
  return assets;
}

/**
 * The releases at `tags` hold exactly `label`'s files (plus SHA256SUMS), byte for byte; no asset
 * anywhere is in a state other than 'uploaded'; and, when `noDrafts`, no draft is left at all.
 */
export async function expectPublished(
  world: World,
  tags: Record<string, string>,
  o: { noDrafts?: boolean } = { noDrafts: true },
): Promise<void> {
  const views = await releasesOf(world.emulator, world.repo);
  for (const view of views)
    expect({ tag: view.tag, states: view.states.filter((s) => s !== 'uploaded') }).toEqual({
      tag: view.tag,
      states: [],
    });
  if (o.noDrafts) expect(views.filter((v) => v.draft).map((v) => v.tag)).toEqual([]);
  const finals = published(views);
  for (const [tag, label] of Object.entries(tags)) {
    const release = finals.get(tag);
    expect({ tag, present: release !== undefined }).toEqual({ tag, present: true });
    const { SHA256SUMS: sums, ...rest } = release!.assets;
    expect(rest).toEqual(expectedAssets(label));
    expect(sums).toBeDefined();
  }
}

export function expectOk(result: ActionResult): void {
  expect({ errors: result.errors, exitCode: result.exitCode }).toEqual({ errors: [], exitCode: 0 });
}
