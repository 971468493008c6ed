import fc from 'fast-check';
import {
  planCleanup,
  type CleanupInput,
  type CleanupScope,
  type CleanupWhat,
} from '../../src/planning/cleanup-plan.ts';
import type { ReleaseSummary, RunStatus, RunSummary } from '../../src/planning/types.ts';
import { marker, release, run, UNFINISHED } from './arbitraries.ts';

const CURRENT = { workflowId: 7, runId: 500, jobId: 42 };
const storeDraft = (id: number, runId: number, jobId: number, over: Partial<ReleaseSummary> = {}): ReleaseSummary =>
  release({
    id,
    draft: true,
    publishedAt: null,
    tagName: `_ci-store-${runId}-${jobId}`,
    marker: marker({ kind: 'store', runId, jobId }),
    ...over,
  });
const incompleteDraft = (
  id: number,
  runId: number,
  kind: 'latest' | 'numbered' | 'tag' = 'latest',
  tagName = '_ci-main-latest',
): ReleaseSummary =>
  release({
    id,
    draft: true,
    publishedAt: null,
    tagName,
    marker: kind === 'tag' ? marker({ kind, runId, branch: undefined, tag: 'v1' }) : marker({ kind, runId }),
  });
const runsOf = (...rs: RunSummary[]): Map<number, RunSummary> => new Map(rs.map((r) => [r.id, r]));
const plan = (
  releases: ReleaseSummary[],
  scopes: CleanupScope[],
  what: CleanupWhat[],
  runs = new Map<number, RunSummary>(),
  over: Partial<CleanupInput> = {},
) =>
  planCleanup({
    releases,
    runs,
    current: CURRENT,
    scopes: new Set(scopes),
    what: new Set(what),
    incompletePrefix: '_',
    ...over,
  });

describe('planCleanup', () => {
  const mine = storeDraft(1, 500, 42);
  const sibling = storeDraft(2, 500, 43);
  const oldDone = storeDraft(3, 400, 9);
  const oldRunning = storeDraft(4, 450, 9);
  const gone = storeDraft(5, 300, 9);
  const incompleteMine = incompleteDraft(6, 500);
  const incompleteOld = incompleteDraft(7, 400, 'numbered', '_ci-main-40');
  const incompleteTag = incompleteDraft(8, 300, 'tag', '_ci-v1-tag');
  const all = [mine, sibling, oldDone, oldRunning, gone, incompleteMine, incompleteOld, incompleteTag];
  const runs = runsOf(
    run({ id: 400, runNumber: 40, status: 'completed', conclusion: 'failure' }),
    run({ id: 450, runNumber: 45, status: 'in_progress', conclusion: null }),
  );
  const ids = (items: { release: ReleaseSummary }[]): number[] => items.map((i) => i.release.id);

  test.each<[string, CleanupScope[], CleanupWhat[], number[]]>([
    ['current-job, store', ['current-job'], ['store'], [1]],
    ['current-job, incomplete: incomplete drafts record no job', ['current-job'], ['incomplete'], []],
    ['current-run, store', ['current-run'], ['store'], [1, 2]],
    ['current-run, incomplete', ['current-run'], ['incomplete'], [6]],
    ['previous-runs, store: completed and deleted runs, not the running one', ['previous-runs'], ['store'], [3, 5]],
    ['previous-runs, incomplete', ['previous-runs'], ['incomplete'], [7, 8]],
    ['everything', ['current-job', 'current-run', 'previous-runs'], ['store', 'incomplete'], [1, 2, 3, 5, 6, 7, 8]],
    ['no scope', [], ['store', 'incomplete'], []],
    ['no what', ['current-run', 'previous-runs'], [], []],
  ])('%s', (_, scopes, what, expected) => {
    expect(ids(plan(all, scopes, what, runs))).toEqual(expected);
  });

  test('reasons say what and whose', () => {
    expect(plan(all, ['current-job', 'previous-runs'], ['store', 'incomplete'], runs).map((i) => i.reason)).toEqual([
      'stored files of job 42 of this job',
      'stored files of job 9 of run #40 (id 400), which completed (failure)',
      'stored files of job 9 of run 300, which no longer exists',
      'incomplete numbered release _ci-main-40 of run #40 (id 400), which completed (failure)',
      'incomplete tag release _ci-v1-tag of run 300, which no longer exists',
    ]);
  });

  test('current-job needs a job id', () => {
    expect(ids(plan(all, ['current-job'], ['store'], runs, { current: { workflowId: 7, runId: 500 } }))).toEqual([]);
  });

  test.each(UNFINISHED)('a previous run that is %s keeps its drafts', (status: RunStatus) => {
    expect(
      ids(
        plan(
          [oldDone],
          ['previous-runs'],
          ['store'],
          runsOf(run({ id: 400, runNumber: 40, status, conclusion: null })),
        ),
      ),
    ).toEqual([]);
  });

  test('never: published releases, other workflows, no marker, final-named drafts', () => {
    const never = [
      storeDraft(10, 300, 9, { draft: false, publishedAt: '2025-01-01T00:00:00Z' }),
      storeDraft(11, 300, 9, { marker: marker({ kind: 'store', runId: 300, jobId: 9, workflowId: 8 }) }),
      storeDraft(12, 300, 9, { marker: undefined }),
      incompleteDraft(13, 300, 'latest', 'ci-main-latest'),
      release({ id: 14, draft: false, tagName: '_ci-main-latest', marker: marker({ runId: 300 }) }),
    ];
    expect(plan(never, ['current-job', 'current-run', 'previous-runs'], ['store', 'incomplete'])).toEqual([]);
  });

  test('an empty incomplete prefix matches nothing rather than everything', () => {
    expect(ids(plan([incompleteOld], ['previous-runs'], ['incomplete'], runs, { incompletePrefix: '' }))).toEqual([]);
  });

  test('property: only this workflow’s drafts, never of an unfinished run, never outside the scopes', () => {
    const relArb = fc.record({
      draft: fc.boolean(),
      kind: fc.constantFrom('store', 'latest', 'numbered', 'tag', 'none'),
      workflowId: fc.constantFrom(7, 8),
      runId: fc.constantFrom(300, 400, 450, 500),
      jobId: fc.constantFrom(42, 43),
      prefixed: fc.boolean(),
    });
    const statusArb = fc.constantFrom<RunStatus>('completed', ...UNFINISHED);
    fc.assert(
      fc.property(
        fc.array(relArb, { maxLength: 20, size: 'max' }),
        fc.record({ s400: fc.option(statusArb, { nil: undefined }), s450: fc.option(statusArb, { nil: undefined }) }),
        fc.subarray<CleanupScope>(['current-job', 'current-run', 'previous-runs']),
        fc.subarray<CleanupWhat>(['store', 'incomplete']),
        (specs, statuses, scopes, what) => {
          const releases = specs.map((s, i) =>
            release({
              id: i,
              draft: s.draft,
              tagName: s.prefixed ? '_ci-x' : 'ci-x',
              marker:
                s.kind === 'none'
                  ? undefined
                  : marker({
                      kind: s.kind,
                      workflowId: s.workflowId,
                      runId: s.runId,
                      ...(s.kind === 'store' ? { jobId: s.jobId } : {}),
                      ...(s.kind === 'tag' ? { branch: undefined, tag: 't' } : {}),
                    }),
            }),
          );
          const runMap = new Map<number, RunSummary>();
          if (statuses.s400) runMap.set(400, run({ id: 400, runNumber: 40, status: statuses.s400 }));
          if (statuses.s450) runMap.set(450, run({ id: 450, runNumber: 45, status: statuses.s450 }));
          for (const { release: r } of plan(releases, scopes, what, runMap)) {
            const m = r.marker;
            expect(r.draft).toBe(true);
            expect(m?.workflowId).toBe(7);
            if (m === undefined) continue;
            expect(what).toContain(m.kind === 'store' ? 'store' : 'incomplete');
            if (m.kind !== 'store') expect(r.tagName.startsWith('_')).toBe(true);
            if (m.runId === 500) {
              expect(scopes.includes('current-run') || (scopes.includes('current-job') && m.jobId === 42)).toBe(true);
            } else {
              expect(scopes).toContain('previous-runs');
              expect(runMap.get(m.runId)?.status ?? 'completed').toBe('completed');
            }
          }
        },
      ),
    );
  });
});
