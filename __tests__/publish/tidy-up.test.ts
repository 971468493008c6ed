/**
 * tidyUp reads each release this step published from GitHub's answer to its publishing request, not
 * from the listing, which may have been asked for while that request was in flight (or lag behind it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMarker } from '../../src/planning/marker.ts';
import type { Marker } from '../../src/planning/types.ts';
import type { ReleaseData } from '../../src/ports.ts';
import type { PublishTarget } from '../../src/publish/targets.ts';
import { asPublished, tidyUp } from '../../src/publish/tidy-up.ts';
import { FakeReleases, makeContext, makeDeps } from '../store/fakes.ts';
import { look, publishSettings } from '../store/settings.ts';

const SHA = 'c'.repeat(40);
const RUN = { id: 500, number: 41 };
const marker = (runNumber: number, runId = runNumber): Marker => ({
  v: 1,
  kind: 'numbered',
  workflowId: 7,
  branch: 'main',
  runId,
  runNumber,
  runAttempt: 1,
  sha: SHA,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tidy-up-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const own: PublishTarget = {
  kind: 'numbered',
  finalTag: `ci-main-${RUN.number}`,
  incompleteTag: `_ci-main-${RUN.number}`,
  marker: marker(RUN.number, RUN.id),
  name: 'Numbered',
  body: '',
  bodyWith: () => '',
  existing: undefined,
  look,
};

/** Two older Numbered releases, and this run's as a listing asked for before its publish landed shows it. */
async function world() {
  const releases = new FakeReleases(join(dir, 'assets'));
  for (const n of [39, 40])
    await releases.createRelease({ tagName: `ci-main-${n}`, body: encodeMarker(marker(n)), draft: false });
  const draft = await releases.createRelease({
    tagName: own.incompleteTag,
    body: encodeMarker(own.marker),
    draft: true,
  });
  const listing = releases.listReleases();
  const published: ReleaseData = { ...draft, tagName: own.finalTag, draft: false, publishedAt: '2026-12-01T00:00:00Z' };
  const deps = makeDeps(makeContext({ workspace: dir, tempDir: dir, runId: RUN.id, runNumber: RUN.number }), {
    releases,
  });
  return { releases, deps, listing, published };
}

const identity = { workflowId: 7, branchOrTag: 'main', isTag: false };

test('a release just published, listed as its draft, is neither taken for a leftover nor left out of the count', async () => {
  const { releases, deps, listing, published } = await world();
  const deleted = await tidyUp(publishSettings({ numberedKeepCount: 2 }), deps, identity, [own], true, {
    listing,
    published: [published],
  });
  // Kept: this run's release and #40 (two); #39 goes.
  expect(deleted).toEqual(['ci-main-39']);
  expect(releases.releases.map((r) => r.id)).toEqual([2, 3]);
});

test('without a listing asked for beforehand, tidyUp lists for itself', async () => {
  const { releases, deps, published } = await world();
  Object.assign(releases.releases[2]!, { tagName: own.finalTag, draft: false });
  const deleted = await tidyUp(publishSettings({ numberedKeepCount: 2 }), deps, identity, [own], true, {
    listing: undefined,
    published: [published],
  });
  expect(deleted).toEqual(['ci-main-39']);
});

test('asPublished takes each published release from its answer and leaves the rest as listed', async () => {
  const { listing, published } = await world();
  const summaries = asPublished(await listing, [published]);
  expect(summaries.map((r) => [r.tagName, r.draft])).toEqual([
    ['ci-main-39', false],
    ['ci-main-40', false],
    [own.finalTag, false],
  ]);
});
