import fc from 'fast-check';
import { selectLeftoverDrafts, selectRetention, type RetentionInput } from '../../src/planning/retention.ts';
import type { ReleaseSummary } from '../../src/planning/types.ts';
import { marker, release } from './arbitraries.ts';

const NOW = new Date('2025-06-30T00:00:00Z');
const DAY = 86_400;
const numbered = (
  runNumber: number,
  daysAgo = 0,
  over: Partial<ReleaseSummary> = {},
  m: Parameters<typeof marker>[0] = {},
): ReleaseSummary =>
  release({
    id: runNumber,
    tagName: `ci-main-${runNumber}`,
    publishedAt: new Date(NOW.getTime() - daysAgo * DAY * 1000).toISOString(),
    marker: marker({ kind: 'numbered', runNumber, ...m }),
    ...over,
  });
const select = (releases: ReleaseSummary[], over: Partial<RetentionInput> = {}): number[] =>
  selectRetention({
    releases,
    workflowId: 7,
    branch: 'main',
    keepCount: 0,
    keepAgeSeconds: 0,
    now: NOW,
    ownRunNumber: 10,
    ...over,
  }).map((r) => r.id);

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
    ['the current run is kept even when old; newer runs are never deleted', { keepAgeSeconds: 1, ownRunNumber: 6 }, []],
    ['a run in the middle trims only below itself', { keepAgeSeconds: 15 * DAY, ownRunNumber: 8 }, [6, 7]],
  ] as const)('%s', (_, over, expected) => {
    expect(select(five, over)).toEqual(expected);
  });

  test('a re-run of an old run keeps every newer release and trims only below itself', () => {
    // #7 re-run with keep 2 while #8, #9, #10 stand: nothing newer goes; #6 ranks beyond 2 and is older.
    expect(select(five, { keepCount: 2, ownRunNumber: 7 })).toEqual([6]);
    // The report's case: #8 and #9 stand, #7 is re-run with keep 2: nothing is deleted.
    expect(select([numbered(7), numbered(8), numbered(9)], { keepCount: 2, ownRunNumber: 7 })).toEqual([]);
    // ...and the next new run brings the count back.
    expect(select([numbered(7), numbered(8), numbered(9), numbered(10)], { keepCount: 2, ownRunNumber: 10 })).toEqual([
      7, 8,
    ]);
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
    expect(
      select([numbered(5, 0, { publishedAt: null }), numbered(6, 0, { publishedAt: 'yesterday' })], {
        keepAgeSeconds: 1,
      }),
    ).toEqual([]);
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
              ? marker({
                  kind: 'tag',
                  branch: undefined,
                  tag: s.branch,
                  workflowId: s.workflowId,
                  runNumber: s.runNumber,
                })
              : marker({ kind: s.kind, branch: s.branch, workflowId: s.workflowId, runNumber: s.runNumber }),
      }),
    );
  const isOurs = (r: ReleaseSummary): boolean =>
    !r.draft && r.marker?.kind === 'numbered' && r.marker.workflowId === 7 && r.marker.branch === 'main';

  test("property: never deletes foreign or draft releases, nor any of this run's number or newer", () => {
    fc.assert(
      fc.property(
        fc.array(releaseArb, { maxLength: 30, size: 'max' }),
        fc.nat(10),
        fc.nat(50),
        fc.integer({ min: 1, max: 60 }),
        (specs, keepCount, keepDays, protect) => {
          const deleted = selectRetention({
            releases: build(specs),
            workflowId: 7,
            branch: 'main',
            keepCount,
            keepAgeSeconds: keepDays * DAY,
            now: NOW,
            ownRunNumber: protect,
          });
          for (const r of deleted) {
            expect(isOurs(r)).toBe(true);
            expect(r.marker!.runNumber).toBeLessThan(protect);
          }
        },
      ),
    );
  });

  test('property: keepCount k alone, for the newest run, leaves exactly the newest min(k, n) of ours', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 25, size: 'max' }),
        fc.array(releaseArb, { maxLength: 10 }),
        fc.integer({ min: 1, max: 30 }),
        (numbers, noise, k) => {
          const ours = numbers.map((n, i) => numbered(n, i, { id: 1000 + i }));
          const all = [...build(noise).filter((r) => !isOurs(r)), ...ours];
          const newest = Math.max(...numbers);
          const deleted = new Set(
            selectRetention({
              releases: all,
              workflowId: 7,
              branch: 'main',
              keepCount: k,
              keepAgeSeconds: 0,
              now: NOW,
              ownRunNumber: newest,
            }),
          );
          const left = ours.filter((r) => !deleted.has(r)).map((r) => r.marker?.runNumber ?? 0);
          expect(left.sort((a, b) => b - a)).toEqual([...numbers].sort((a, b) => b - a).slice(0, k));
        },
      ),
    );
  });

  /**
   * Random histories of one workflow and branch: new runs (ever higher numbers) and re-runs of
   * earlier numbers, each publishing its release and then running retention, the two steps of
   * different runs interleaved (publishes overlapping), under both keep rules. Time is in days.
   */
  type Step = { readonly at: number; readonly run: number; readonly kind: 'publish' | 'retain' };
  const historyArb = fc
    .array(
      fc.record({
        rerunOf: fc.option(fc.nat(), { nil: undefined }),
        gap: fc.integer({ min: 0, max: 3 }),
        overlap: fc.integer({ min: 0, max: 6 }),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((rows) => {
      const steps: Step[] = [];
      let next = 1;
      let at = 0;
      for (const row of rows) {
        at += row.gap;
        const run = row.rerunOf !== undefined && next > 1 ? 1 + (row.rerunOf % (next - 1)) : next++;
        steps.push({ at, run, kind: 'publish' }, { at: at + row.overlap + 0.5, run, kind: 'retain' });
      }
      return steps.sort((a, b) => a.at - b.at);
    });

  test('property: over random histories, no run deletes a release of its own number or newer; a newest run leaves exactly the newest keep-count', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 6 }), fc.nat(12), (steps, keepCount, keepDays) => {
        const live = new Map<number, ReleaseSummary>();
        let id = 0;
        for (const step of steps) {
          const now = new Date(NOW.getTime() + step.at * DAY * 1000);
          if (step.kind === 'publish') {
            // A re-run replaces the release of its own number.
            live.set(step.run, numbered(step.run, 0, { id: ++id, publishedAt: now.toISOString() }));
            continue;
          }
          const before = [...live.values()];
          const doomed = selectRetention({
            releases: before,
            workflowId: 7,
            branch: 'main',
            keepCount,
            keepAgeSeconds: keepDays * DAY,
            now,
            ownRunNumber: step.run,
          });
          for (const r of doomed) {
            expect(r.marker!.runNumber).toBeLessThan(step.run);
            live.delete(r.marker!.runNumber);
          }
          const newest = Math.max(...before.map((r) => r.marker!.runNumber));
          if (step.run === newest && keepDays === 0) {
            const expected = before
              .map((r) => r.marker!.runNumber)
              .sort((a, b) => b - a)
              .slice(0, keepCount);
            expect([...live.keys()].sort((a, b) => b - a)).toEqual(expected);
          }
          if (step.run === newest && keepDays > 0) {
            // Both rules: the newest keep-count that are young enough, and always this run's own.
            const cutoff = now.getTime() - keepDays * DAY * 1000;
            const expected = before
              .map((r) => r.marker!.runNumber)
              .sort((a, b) => b - a)
              .filter(
                (n, rank) =>
                  n === step.run ||
                  (rank < keepCount &&
                    Date.parse(before.find((r) => r.marker!.runNumber === n)!.publishedAt!) >= cutoff),
              );
            expect([...live.keys()].sort((a, b) => b - a)).toEqual(expected);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('selectLeftoverDrafts', () => {
  const draft = (over: Partial<ReleaseSummary>, m: Parameters<typeof marker>[0] = {}): ReleaseSummary =>
    release({
      tagName: '_ci-main-10',
      draft: true,
      publishedAt: null,
      marker: marker({ kind: 'numbered', runId: 1000, runAttempt: 2, ...m }),
      ...over,
    });
  const leftovers = (releases: ReleaseSummary[]): number[] =>
    selectLeftoverDrafts({
      releases,
      incompleteTags: ['_ci-main-10', '_ci-main-latest'],
      runId: 1000,
      runAttempt: 2,
    }).map((r) => r.id);

  test("only drafts under this step's incomplete tags, marked with this run attempt", () => {
    const twice = draft({ id: 1 });
    const latestTwice = draft({ id: 2, tagName: '_ci-main-latest' }, { kind: 'latest' });
    const published = draft({ id: 3, draft: false, tagName: 'ci-main-10', publishedAt: NOW.toISOString() });
    const earlierAttempt = draft({ id: 4 }, { runAttempt: 1 });
    const otherRun = draft({ id: 5 }, { runId: 999 });
    const otherTag = draft({ id: 6, tagName: '_ci-main-9' });
    const unmarked = draft({ id: 7, marker: undefined });
    const stored = draft({ id: 8 }, { kind: 'store', jobId: 5 });
    expect(leftovers([twice, latestTwice, published, earlierAttempt, otherRun, otherTag, unmarked, stored])).toEqual([
      1, 2,
    ]);
  });

  test("never a published release, a person's release or another run's, whatever the mix (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            draft: fc.boolean(),
            tag: fc.constantFrom('_ci-main-10', '_ci-main-latest', 'ci-main-10', 'v1'),
            runId: fc.constantFrom(1000, 999),
            attempt: fc.constantFrom(1, 2),
            marked: fc.boolean(),
          }),
          { maxLength: 12 },
        ),
        (rows) => {
          const releases = rows.map((row, i) =>
            draft({
              id: i + 1,
              draft: row.draft,
              tagName: row.tag,
              marker: row.marked ? marker({ kind: 'numbered', runId: row.runId, runAttempt: row.attempt }) : undefined,
            }),
          );
          for (const r of selectLeftoverDrafts({
            releases,
            incompleteTags: ['_ci-main-10', '_ci-main-latest'],
            runId: 1000,
            runAttempt: 2,
          })) {
            expect(r.draft && r.marker?.runId === 1000 && r.marker.runAttempt === 2 && r.tagName.startsWith('_')).toBe(
              true,
            );
          }
        },
      ),
    );
  });
});
