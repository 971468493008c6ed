/**
 * The request layer against the emulator's secondary limits, in process: writes paced through
 * plugin-throttling's `write` group are never refused; a refusal without `retry-after` is waited out
 * (the plugin's fallback of a minute) with the parallelism lowered; `max-wait` ends the waiting;
 * uploads sent directly take their turns from the same allowance.
 * Time is scaled: a minute of 6 s on both sides.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from '@jest/globals';
import { startEmulator, type Emulator, type SecondaryLimits } from '../../emulator/index.ts';
import { createOctokit, rateLimitHandlers } from '../../src/github/octokit.ts';
import { DirectUploads } from '../../src/github/direct-upload.ts';
import { Pacing } from '../../src/github/pacing.ts';
import { GITHUB_SECONDARY } from '../../src/planning/budget.ts';

/** Long enough that a busy machine's event-loop delays stay within the pacing's margins. */
const MINUTE_MS = 6000;
const TOKEN = 'ghs_pacing';
let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setUp(secondaryLimits: Partial<SecondaryLimits>): Promise<{ e: Emulator; sha: string }> {
  const e = await startEmulator({ secondaryLimits });
  emu = e;
  const repo = e.createRepo({ owner: 'octo', repo: 'app' });
  const sha = repo.addCommit();
  e.addToken(TOKEN, { kind: 'installation', repos: { 'octo/app': { statuses: 'write' } } });
  return { e, sha };
}

function statuses(octokit: ReturnType<typeof createOctokit>, sha: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      octokit.rest.repos.createCommitStatus({ owner: 'octo', repo: 'app', sha, state: 'success', context: `c${i}` }),
    ),
  );
}

test("130 writes at once are paced to GitHub's allowance and never refused", async () => {
  const { e, sha } = await setUp({ minuteMs: MINUTE_MS });
  const pacing = new Pacing({ ...GITHUB_SECONDARY, minuteMs: MINUTE_MS }, 8, 60_000);
  const octokit = createOctokit(TOKEN, { baseUrl: e.url, concurrency: 8, pacing, warn: () => undefined });
  await statuses(octokit, sha, 130);
  expect(e.log.filter((l) => l.secondaryLimited !== undefined)).toEqual([]);
  expect(e.log.filter((l) => l.contentCreating && l.status === 201)).toHaveLength(130);
  expect(pacing.refusals).toBe(0);
});

test('a refusal without retry-after is waited out a minute, with the parallelism halved', async () => {
  // Stricter than GitHub documents, and no retry-after: the client's pacing cannot know.
  const { e, sha } = await setUp({ minuteMs: MINUTE_MS, contentPerMinute: 5, retryAfter: 'absent' });
  const pacing = new Pacing({ ...GITHUB_SECONDARY, minuteMs: MINUTE_MS }, 8, 60_000);
  const warnings: string[] = [];
  const octokit = createOctokit(TOKEN, { baseUrl: e.url, concurrency: 8, pacing, warn: (m) => warnings.push(m) });
  await statuses(octokit, sha, 8);
  expect(e.log.filter((l) => l.contentCreating && l.status === 201)).toHaveLength(8);
  expect(pacing.refusals).toBeGreaterThan(0);
  expect(pacing.parallelism()).toBeLessThan(8);
  // The plugin's fallback: 60 of GitHub's seconds, here a sixtieth of the scaled minute each.
  expect(warnings[0]).toMatch(/secondary rate limit was hit on POST .*; waiting 6s and lowering parallel uploads to 4/);
});

test('max-wait ends the waiting: the request fails with the refusal and the pacing says it outlasted', async () => {
  const { e, sha } = await setUp({ minuteMs: MINUTE_MS, contentPerMinute: 1, retryAfter: 'absent' });
  const pacing = new Pacing({ ...GITHUB_SECONDARY, minuteMs: MINUTE_MS }, 4, 500);
  const octokit = createOctokit(TOKEN, { baseUrl: e.url, concurrency: 4, pacing, warn: () => undefined });
  await expect(statuses(octokit, sha, 2)).rejects.toThrow(/secondary rate limit/);
  expect(pacing.outlasted).toBe(true);
  expect(pacing.waitedMs).toBe(0);
});

test('direct uploads and Octokit writes share one allowance: 100 uploads and 30 writes at once, never refused', async () => {
  const e = await startEmulator({ secondaryLimits: { minuteMs: MINUTE_MS } });
  emu = e;
  const repo = e.createRepo({ owner: 'octo', repo: 'app' });
  const sha = repo.addCommit();
  e.addToken(TOKEN, { kind: 'installation', repos: { 'octo/app': { contents: 'write', statuses: 'write' } } });
  const pacing = new Pacing({ ...GITHUB_SECONDARY, minuteMs: MINUTE_MS }, 8, 60_000);
  const octokit = createOctokit(TOKEN, { baseUrl: e.url, concurrency: 8, pacing, warn: () => undefined });
  const direct = new DirectUploads({
    token: TOKEN,
    connections: 8,
    permit: () => pacing.permit(),
    handlers: rateLimitHandlers(pacing, () => undefined),
    secondMs: pacing.secondMs,
    retryBaseMs: 20,
  });
  const draft = await octokit.rest.repos.createRelease({ owner: 'octo', repo: 'app', tag_name: 'x', draft: true });
  const url = draft.data.upload_url.replace(/\{[^}]*\}$/, '');
  pacing.expect({ writes: 130, uploads: 100 });
  const dir = await mkdtemp(join(tmpdir(), 'crp-pacing-'));
  const file = join(dir, 'x.bin');
  await writeFile(file, 'x');
  const sent = await Promise.all([
    ...Array.from({ length: 100 }, (_, i) => direct.send(`${url}?name=a${i}`, file, 1)),
    statuses(octokit, sha, 30),
  ]);
  expect(sent.slice(0, 100).every((a) => (a as { state?: string } | undefined)?.state === 'uploaded')).toBe(true);
  expect(e.log.filter((l) => l.secondaryLimited !== undefined)).toEqual([]);
  expect(e.log.filter((l) => l.contentCreating && l.status === 201)).toHaveLength(131);
  expect(pacing.refusals).toBe(0);
  await rm(dir, { recursive: true, force: true });
});
