/**
 * targets.ts with plain data: which kinds a run makes and which it reports as not made, the tag a Tag
 * release is for, the release it would meet, and `{changes}` in the bodies.
 */
import { buildTargets, kindsForRun, kindsNotMade, tagFor } from '../../src/publish/targets.ts';
import { makeContext } from '../store/fakes.ts';
import { look, publishSettings } from '../store/settings.ts';
import { marker, release } from '../planning/arbitraries.ts';
import type { PublishKind } from '../../src/planning/types.ts';
import type { PublishSettings } from '../../src/settings.ts';

const branchRun = { workflowId: 9, branchOrTag: 'main', isTag: false };
const tagRun = { workflowId: 9, branchOrTag: 'v1.0.0', isTag: true };
const context = makeContext({ workspace: '/w', tempDir: '/t' });
const NOW = new Date('2026-12-01T03:00:00Z');

test.each<[string, Partial<PublishSettings>, boolean, PublishKind[], PublishKind[]]>([
  ['a branch run', {}, false, ['numbered', 'latest'], ['tag']],
  ['a tag run', {}, true, ['tag'], ['numbered', 'latest']],
  ['a branch run with release-tag', { releaseTag: 'v2.0.0' }, false, ['numbered', 'latest', 'tag'], []],
  ['a branch run, Tag off', { kinds: new Set<PublishKind>(['latest', 'numbered']) }, false, ['numbered', 'latest'], []],
  ['a tag run, only Latest asked for', { kinds: new Set<PublishKind>(['latest']) }, true, [], ['latest']],
])('%s: made and not made', (_, o, isTag, made, notMade) => {
  expect(kindsForRun(publishSettings(o), isTag)).toEqual(made);
  expect(kindsNotMade(publishSettings(o), isTag).map((n) => n.kind)).toEqual(notMade);
});

test('the reasons name why', () => {
  expect(kindsNotMade(publishSettings(), true)).toEqual([
    { kind: 'numbered', reason: 'a tag run makes no Numbered release (Latest and Numbered come from branch runs)' },
    { kind: 'latest', reason: 'a tag run makes no Latest release (Latest and Numbered come from branch runs)' },
  ]);
  expect(kindsNotMade(publishSettings(), false)).toEqual([
    { kind: 'tag', reason: 'not a tag run and no release-tag given' },
  ]);
});

test('release-tag wins over the pushed tag; a branch run without it has none', () => {
  expect(tagFor(publishSettings({ releaseTag: 'v2.0.0' }), tagRun)).toBe('v2.0.0');
  expect(tagFor(publishSettings(), tagRun)).toBe('v1.0.0');
  expect(tagFor(publishSettings(), branchRun)).toBeUndefined();
});

test('a release-tag target on a branch run: Tag marker for the tag, Latest/Numbered for the branch', () => {
  const targets = buildTargets(publishSettings({ releaseTag: 'v2.0.0' }), context, branchRun, [], undefined, NOW);
  expect(targets.map((t) => [t.kind, t.finalTag, t.incompleteTag, t.marker.branch, t.marker.tag])).toEqual([
    ['numbered', 'ci-main-41', '_ci-main-41', 'main', undefined],
    ['latest', 'ci-main-latest', '_ci-main-latest', 'main', undefined],
    ['tag', 'v2.0.0', '_ci-v2.0.0-tag', undefined, 'v2.0.0'],
  ]);
  expect(targets[2]?.name).toBe('v2.0.0');
});

test('the release a Tag target meets: the published one; with append also a person’s newest draft', () => {
  const draftOld = release({
    id: 1,
    tagName: 'v1.0.0',
    draft: true,
    publishedAt: null,
    marker: undefined,
    createdAt: '2026-11-01T00:00:00Z',
  });
  const draftNew = release({
    id: 2,
    tagName: 'v1.0.0',
    draft: true,
    publishedAt: null,
    marker: undefined,
    createdAt: '2026-11-02T00:00:00Z',
  });
  const ours = release({
    id: 3,
    tagName: 'v1.0.0',
    draft: true,
    publishedAt: null,
    marker: marker({ kind: 'tag', branch: undefined, tag: 'v1.0.0' }),
    createdAt: '2026-11-03T00:00:00Z',
  });
  const tagTarget = (o: Partial<PublishSettings>, releases = [draftOld, draftNew, ours]) =>
    buildTargets(publishSettings(o), context, tagRun, releases, undefined, NOW)[0];
  expect(tagTarget({})?.existing).toBeUndefined();
  expect(tagTarget({ tagExisting: 'replace' })?.existing).toBeUndefined();
  expect(tagTarget({ tagExisting: 'append' })?.existing?.id).toBe(2);
  const publishedOne = release({ id: 4, tagName: 'v1.0.0', marker: undefined });
  expect(tagTarget({ tagExisting: 'append' }, [draftNew, publishedOne])?.existing?.id).toBe(4);
});

test('{changes} goes into the default Latest and Numbered bodies, not the default Tag body', () => {
  const changes = { latest: 'LATEST CHANGES', numbered: 'NUMBERED CHANGES', tag: 'TAG CHANGES' };
  const [numbered, latest] = buildTargets(publishSettings(), context, branchRun, [], undefined, NOW, changes);
  expect(latest?.body).toContain('LATEST CHANGES');
  expect(numbered?.body).toContain('NUMBERED CHANGES');
  const [tag] = buildTargets(publishSettings(), context, tagRun, [], undefined, NOW, changes);
  expect(tag?.body).not.toContain('TAG CHANGES');
  const [custom] = buildTargets(
    publishSettings({ looks: { latest: look, numbered: look, tag: { ...look, body: 'Since last: {changes}' } } }),
    context,
    tagRun,
    [],
    undefined,
    NOW,
    changes,
  );
  expect(custom?.body).toContain('Since last: TAG CHANGES');
});
