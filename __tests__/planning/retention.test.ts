import fc from 'fast-check';
import { selectLeftoverDrafts, selectRetention, type RetentionInput } from '../../src/planning/retention.ts';
import type { ReleaseSummary } from '../../src/planning/types.ts';
import { marker, release } from './arbitraries.ts';

const NOW = new Date('2025-06-30T00:00:00Z');
const DAY = 86_400;
const numbered = (runNumber: number, daysAgo = 0, over: Partial<ReleaseSummary> = {}, m: Parameters<typeof marker>[0] = {}): ReleaseSummary =>
  release({
    id: runNumber,
    tagName: `ci-main-${runNumber}`,
    publishedAt: new Date(NOW.getTime() - daysAgo * DAY * 1000).toISOString(),
    marker: marker({ kind: 'numbered', runNumber, ...m }),
    ...over,
  });
const select = (releases: ReleaseSummary[], over: Partial<RetentionInput> = {}): number[] =>
  selectRetention({ releases, workflowId: 7, branch: 'main', keepCount: 0, keepAgeSeconds: 0, now: NOW, protectRunNumber: 10, ...over }).map((r) => r.id);

describe('selectRetention', () => {
  const five = [numbered(6, 40), numbered(10, 0), numbered(7, 30), numbered(9, 10), numbered(8, 20)];

  test.each([
    ['both off: nothing', {}, []],
    ['keep 3: the two oldest go, oldest first', { keepCount: 3 }, [6, 7]],
    ['keep 1: only the current run stays', { keepCount: 1 }, [6, 7, 8, 9]],
    ['keep 5 of 5', { keepCount: 5 }, []],
    ['keep 99', { keepCount: 99 }, []],
    ['older than 15 days', { keepAgeSeconds: 15 * DAY }, [6, 7, 8]],
    ['older than exactly 20 days is not older', { keepAgeSeconds: 20 * DAY }, [6, 7]],
    ['age or count, whichever deletes more', { keepCount: 4, keepAgeSeconds: 25 * DAY }, [6, 7]],
    ['count deletes more than age', { keepCount: 2, keepAgeSeconds: 35 * DAY }, [6, 7, 8]],
    ['the current run is kept even when old', { keepAgeSeconds: 1, protectRunNumber: 6 }, [7, 8, 9]],
  ] as const)('%s', (_, over, expected) => {
    expect(select(five, over)).toEqual(expected);
  });

  test('a re-run of an old run: its release ranks first and counts towards keepCount', () => {
    expect(select(five, { keepCount: 2, protectRunNumber: 7 })).toEqual([6, 8, 9]);
  });

  test('never touches drafts, other kinds, other workflows, other branches or releases without a marker', () => {
    const foreign = [
      numbered(1, 99, { draft: true, publishedAt: null }),
      numbered(2, 99, {}, { kind: 'latest' }),
      numbered(3, 99, {}, { workflowId: 8 }),
      numbered(4, 99, {}, { branch: 'main2' }),
      numbered(5, 99, { marker: undefined }),
      numbered(11, 99, {}, { branch: undefined, tag: 'main', kind: 'tag' }),
      numbered(12, 99, {}, { kind: 'store', jobId: 3 }),
    ];
    expect(select([...foreign, ...five], { keepCount: 1, keepAgeSeconds: 1 })).toEqual([6, 7, 8, 9]);
  });

  test('a release without a readable publish date is not deleted for age', () => {
    expect(select([numbered(5, 0, { publishedAt: null }), numbered(6, 0, { publishedAt: 'yesterday' })], { keepAgeSeconds: 1 })).toEqual([]);
  });

  test.each([
    [{ keepCount: -1 }, /keepCount/],
    [{ keepCount: 1.5 }, /keepCount/],
    [{ keepAgeSeconds: -5 }, /keepAgeSeconds/],
  ])('rejects %j', (over, message) => {
    expect(() => select(five, over)).toThrow(message);
  });

  const releaseArb = fc.record({
    runNumber: fc.integer({ min: 1, max: 60 }),
    daysAgo: fc.integer({ min: 0, max: 100 }),
    draft: fc.boolean(),
    kind: fc.constantFrom('numbered', 'numbered', 'latest', 'tag', 'none'),
    workflowId: fc.constantFrom(7, 7, 8),
    branch: fc.constantFrom('main', 'main', 'dev'),
  });
  type Spec = typeof releaseArb extends fc.Arbitrary<infer T> ? T : never;
  const build = (specs: Spec[]): ReleaseSummary[] =>
    specs.map((s, i) =>
      release({
        id: i + 1,
        draft: s.draft,
        publishedAt: s.draft ? null : new Date(NOW.getTime() - s.daysAgo * DAY * 1000).toISOString(),
        marker:
          s.kind === 'none'
            ? undefined
            : s.kind === 'tag'
              ? marker({ kind: 'tag', branch: undefined, tag: s.branch, workflowId: s.workflowId, runNumber: s.runNumber })
              : marker({ kind: s.kind, branch: s.branch, workflowId: s.workflowId, runNumber: s.runNumber }),
      }),
    );
  const isOurs = (r: ReleaseSummary): boolean => !r.draft && r.marker?.kind === 'numbered' && r.marker.workflowId === 7 && r.marker.branch === 'main';

  test('property: never deletes foreign, draft or protected releases', () => {
    fc.assert(
      fc.property(
        fc.array(releaseArb, { maxLength: 30, size: 'max' }),
        fc.nat(10),
        fc.nat(50),
        fc.integer({ min: 1, max: 60 }),
        (specs, keepCount, keepDays, protect) => {
          const deleted = selectRetention({ releases: build(specs), workflowId: 7, branch: 'main', keepCount, keepAgeSeconds: keepDays * DAY, now: NOW, protectRunNumber: protect });
          for (const r of deleted) {
            expect(isOurs(r)).toBe(true);
            expect(r.marker?.runNumber).not.toBe(protect);
          }
        },
      ),
    );
  });

  test('property: keepCount k alone leaves exactly min(k, n) of ours, the protected one among them, the rest the newest', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 25, size: 'max' }),
        fc.array(releaseArb, { maxLength: 10 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 200 }),
        (numbers, noise, k, protect) => {
          const ours = numbers.map((n, i) => numbered(n, i, { id: 1000 + i }));
          const all = [...build(noise).filter((r) => !isOurs(r)), ...ours];
          const deleted = new Set(selectRetention({ releases: all, workflowId: 7, branch: 'main', keepCount: k, keepAgeSeconds: 0, now: NOW, protectRunNumber: protect }));
          const left = ours.filter((r) => !deleted.has(r)).map((r) => r.marker?.runNumber ?? 0);
          expect(left).toHaveLength(Math.min(k, ours.length));
          if (numbers.includes(protect)) expect(left).toContain(protect);
          const unprotected = numbers.filter((n) => n !== protect).sort((a, b) => b - a);
          const slots = Math.min(k, ours.length) - (numbers.includes(protect) ? 1 : 0);
          expect(left.filter((n) => n !== protect).sort((a, b) => b - a)).toEqual(unprotected.slice(0, slots));
        },
      ),
    );
  });
});

describe('selectLeftoverDrafts', () => {
  const draft = (over: Partial<ReleaseSummary>, m: Parameters<typeof marker>[0] = {}): ReleaseSummary =>
    release({ tagName: '_ci-main-10', draft: true, publishedAt: null, marker: marker({ kind: 'numbered', runId: 1000, runAttempt: 2, ...m }), ...over });
  const leftovers = (releases: ReleaseSummary[]): number[] =>
    selectLeftoverDrafts({ releases, incompleteTags: ['_ci-main-10', '_ci-main-latest'], runId: 1000, runAttempt: 2 }).map((r) => r.id);

  test('only drafts under this step\'s incomplete tags, marked with this run attempt', () => {
    const twice = draft({ id: 1 });
    const latestTwice = draft({ id: 2, tagName: '_ci-main-latest' }, { kind: 'latest' });
    const published = draft({ id: 3, draft: false, tagName: 'ci-main-10', publishedAt: NOW.toISOString() });
    const earlierAttempt = draft({ id: 4 }, { runAttempt: 1 });
    const otherRun = draft({ id: 5 }, { runId: 999 });
    const otherTag = draft({ id: 6, tagName: '_ci-main-9' });
    const unmarked = draft({ id: 7, marker: undefined });
    const stored = draft({ id: 8 }, { kind: 'store', jobId: 5 });
    expect(leftovers([twice, latestTwice, published, earlierAttempt, otherRun, otherTag, unmarked, stored])).toEqual([1, 2]);
  });

  test('never a published release, a person\'s release or another run\'s, whatever the mix (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ draft: fc.boolean(), tag: fc.constantFrom('_ci-main-10', '_ci-main-latest', 'ci-main-10', 'v1'), runId: fc.constantFrom(1000, 999), attempt: fc.constantFrom(1, 2), marked: fc.boolean() }), { maxLength: 12 }), (rows) => {
        const releases = rows.map((row, i) => draft({ id: i + 1, draft: row.draft, tagName: row.tag, marker: row.marked ? marker({ kind: 'numbered', runId: row.runId, runAttempt: row.attempt }) : undefined }));
        for (const r of selectLeftoverDrafts({ releases, incompleteTags: ['_ci-main-10', '_ci-main-latest'], runId: 1000, runAttempt: 2 })) {
          expect(r.draft && r.marker?.runId === 1000 && r.marker.runAttempt === 2 && r.tagName.startsWith('_')).toBe(true);
        }
      }),
    );
  });
});
