import fc from 'fast-check';
import {
  decideLatest,
  decideTag,
  decideUnchanged,
  type SelfRun,
  type TagExistingChoice,
} from '../../src/planning/latest.ts';
import type { ReleaseSummary, RunStatus, RunSummary } from '../../src/planning/types.ts';
import { marker, release, run, UNFINISHED } from './arbitraries.ts';

const EVENTS = ['push', 'schedule', 'workflow_dispatch'];
const self: SelfRun = { runId: 1010, runNumber: 10, workflowId: 7, branch: 'main' };
const latestAt = (runNumber: number, over: Parameters<typeof marker>[0] = {}): ReleaseSummary =>
  release({ tagName: 'ci-main-latest', marker: marker({ kind: 'latest', runNumber, ...over }) });

describe('decideLatest', () => {
  test.each<[string, ReleaseSummary | undefined, RunSummary[], unknown]>([
    ['no Latest yet, no other runs', undefined, [], { action: 'publish' }],
    ['Latest from an older run', latestAt(9), [], { action: 'publish' }],
    ['Latest from this run number (a re-run)', latestAt(10), [], { action: 'publish' }],
    [
      'Latest from a newer run',
      latestAt(12),
      [],
      {
        action: 'skip',
        reason: 'Latest already holds the newer run #12; run #10 never replaces it',
        newerRunNumber: 12,
      },
    ],
    [
      'a person made the release at the tag',
      release({ tagName: 'ci-main-latest', marker: undefined }),
      [],
      {
        action: 'conflict',
        reason:
          'the release at tag ci-main-latest was not made by this action (its body has no marker), so it is never replaced; delete it or choose another tag-prefix',
      },
    ],
    [
      'another workflow',
      latestAt(3, { workflowId: 8 }),
      [],
      { action: 'conflict', reason: expect.stringContaining('workflow 8') },
    ],
    [
      'another branch (sanitised collision)',
      latestAt(3, { branch: 'feature/x' }),
      [],
      { action: 'conflict', reason: expect.stringContaining("'feature/x'") },
    ],
    [
      'a numbered marker',
      latestAt(3, { kind: 'numbered' }),
      [],
      { action: 'conflict', reason: expect.stringContaining('numbered release') },
    ],
    [
      'a person release even if a newer run is in progress',
      release({ marker: undefined }),
      [run({ runNumber: 11, status: 'in_progress' })],
      { action: 'conflict', reason: expect.any(String) },
    ],
    [
      'immutable Latest',
      { ...latestAt(9), immutable: true },
      [],
      { action: 'conflict', reason: expect.stringContaining('immutable') },
    ],
    [
      'immutable but newer: skip wins',
      { ...latestAt(11), immutable: true },
      [],
      expect.objectContaining({ action: 'skip', newerRunNumber: 11 }),
    ],
    [
      'a newer push run in progress',
      latestAt(9),
      [run({ runNumber: 11, status: 'in_progress' })],
      { action: 'skip', reason: 'a newer run #11 is still in progress and will publish Latest', newerRunNumber: 11 },
    ],
    [
      'the newest of several unfinished runs is named',
      undefined,
      [
        run({ runNumber: 13, status: 'queued' }),
        run({ runNumber: 11, status: 'in_progress' }),
        run({ runNumber: 12, status: 'completed' }),
      ],
      { action: 'skip', reason: 'a newer run #13 is queued and will publish Latest', newerRunNumber: 13 },
    ],
    [
      'newer run completed successfully (it lost or skipped)',
      latestAt(9),
      [run({ runNumber: 11 })],
      { action: 'publish' },
    ],
    ['newer run failed', latestAt(9), [run({ runNumber: 11, conclusion: 'failure' })], { action: 'publish' }],
    ['newer run cancelled', latestAt(9), [run({ runNumber: 11, conclusion: 'cancelled' })], { action: 'publish' }],
    ['older run in progress', latestAt(9), [run({ runNumber: 9, status: 'in_progress' })], { action: 'publish' }],
    ['self in the list', latestAt(9), [run({ id: 1010, runNumber: 10, status: 'in_progress' })], { action: 'publish' }],
    [
      'newer pull_request run does not block',
      latestAt(9),
      [run({ runNumber: 11, status: 'in_progress', event: 'pull_request' })],
      { action: 'publish' },
    ],
    [
      'newer run of another workflow',
      latestAt(9),
      [run({ runNumber: 11, status: 'in_progress', workflowId: 8 })],
      { action: 'publish' },
    ],
    [
      'newer run of another branch',
      latestAt(9),
      [run({ runNumber: 11, status: 'in_progress', headBranch: 'dev' })],
      { action: 'publish' },
    ],
    [
      'newer run without head branch counts',
      latestAt(9),
      [run({ runNumber: 11, status: 'waiting', headBranch: null })],
      expect.objectContaining({ action: 'skip', newerRunNumber: 11 }),
    ],
    [
      'newer schedule run pending',
      latestAt(9),
      [run({ runNumber: 11, status: 'pending', event: 'schedule' })],
      expect.objectContaining({ reason: 'a newer run #11 is pending and will publish Latest' }),
    ],
    [
      'newer requested run',
      undefined,
      [run({ runNumber: 11, status: 'requested', event: 'workflow_dispatch' })],
      expect.objectContaining({ reason: 'a newer run #11 has been requested and will publish Latest' }),
    ],
  ])('%s', (_, current, runs, expected) => {
    expect(decideLatest({ self, current, runs, latestEvents: EVENTS })).toEqual(expected);
  });

  test.each(UNFINISHED)('a newer run with status %s blocks', (status) => {
    expect(
      decideLatest({ self, current: undefined, runs: [run({ runNumber: 11, status })], latestEvents: EVENTS }).action,
    ).toBe('skip');
  });

  test('latest-events decides which newer runs block', () => {
    const runs = [run({ runNumber: 11, status: 'in_progress', event: 'schedule' })];
    expect(decideLatest({ self, current: undefined, runs, latestEvents: ['push'] }).action).toBe('publish');
    expect(decideLatest({ self, current: undefined, runs, latestEvents: ['push', 'schedule'] }).action).toBe('skip');
  });
});

/**
 * Random histories: runs are created in number order, start, maybe reach publish (deciding against the
 * live state and swapping when told to), finish, and may be re-run (same number, next attempt).
 */
/** Few runs, many steps: the interesting orders (old run publishing after a newer one) come up often. */
const MAX_RUNS = 4;

type Step =
  | { readonly type: 'create'; readonly event: string }
  | { readonly type: 'start' | 'publish' | 'finish' | 'rerun'; readonly pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('create' as const),
      event: fc.constantFrom('push', 'push', 'schedule', 'pull_request'),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constantFrom('start' as const, 'publish' as const, 'finish' as const, 'rerun' as const),
      pick: fc.nat(MAX_RUNS - 1),
    }),
  },
);

interface SimRun {
  runNumber: number;
  event: string;
  status: RunStatus;
  runAttempt: number;
  publishedThisAttempt: boolean;
}

describe('Latest over random histories', () => {
  test('never decreases, and ends at the newest run that reached publish with no newer run unfinished', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40, size: 'max' }), (steps) => {
        const runs: SimRun[] = [];
        let latest: number | undefined;
        let expectedLatest: number | undefined;
        const summaries = (): RunSummary[] =>
          runs.map((r) =>
            run({
              runNumber: r.runNumber,
              status: r.status,
              event: r.event,
              runAttempt: r.runAttempt,
              conclusion: r.status === 'completed' ? 'success' : null,
            }),
          );
        for (const step of steps) {
          if (step.type === 'create') {
            if (runs.length < MAX_RUNS)
              runs.push({
                runNumber: runs.length + 1,
                event: step.event,
                status: 'queued',
                runAttempt: 1,
                publishedThisAttempt: false,
              });
            continue;
          }
          const r = runs.length === 0 ? undefined : runs[step.pick % runs.length];
          if (r === undefined) continue;
          if (step.type === 'start' && r.status === 'queued') r.status = 'in_progress';
          if (step.type === 'finish' && r.status === 'in_progress') r.status = 'completed';
          if (step.type === 'rerun' && r.status === 'completed')
            Object.assign(r, { status: 'queued', runAttempt: r.runAttempt + 1, publishedThisAttempt: false });
          if (
            step.type !== 'publish' ||
            r.status !== 'in_progress' ||
            r.publishedThisAttempt ||
            !EVENTS.includes(r.event)
          )
            continue;
          r.publishedThisAttempt = true;
          // Oracle, stated independently: eligible when no newer latest-event run is unfinished.
          const eligible = !runs.some(
            (o) => o.runNumber > r.runNumber && EVENTS.includes(o.event) && o.status !== 'completed',
          );
          if (eligible) expectedLatest = Math.max(expectedLatest ?? 0, r.runNumber);
          const decision = decideLatest({
            self: { runId: 1000 + r.runNumber, runNumber: r.runNumber, workflowId: 7, branch: 'main' },
            current: latest === undefined ? undefined : latestAt(latest),
            runs: summaries(),
            latestEvents: EVENTS,
          });
          expect(decision.action).not.toBe('conflict');
          if (decision.action === 'publish') {
            expect(latest === undefined || r.runNumber >= latest).toBe(true);
            latest = r.runNumber;
          }
        }
        expect(latest).toBe(expectedLatest);
      }),
      { numRuns: 3000 },
    );
  });

  test('the stuck-Latest case: a newer run that fails before publishing does not block an older one', () => {
    const runs = [run({ runNumber: 11, status: 'completed', conclusion: 'failure' })];
    expect(decideLatest({ self, current: latestAt(9), runs, latestEvents: EVENTS })).toEqual({ action: 'publish' });
  });
});

describe('decideTag', () => {
  const tagSelf: SelfRun = { runId: 1010, runNumber: 10, workflowId: 7, branch: 'v1.2.0' };
  const tagMarker = (runNumber: number, over: Parameters<typeof marker>[0] = {}) =>
    marker({ kind: 'tag', branch: undefined, tag: 'v1.2.0', runNumber, ...over });
  const existing = (m: ReturnType<typeof marker> | undefined, over: Partial<ReleaseSummary> = {}): ReleaseSummary =>
    release({ id: 555, tagName: 'v1.2.0', marker: m, ...over });
  const decide = (e: ReleaseSummary | undefined, replace: boolean | TagExistingChoice, runs: RunSummary[] = []) =>
    decideTag({
      self: tagSelf,
      tag: 'v1.2.0',
      existing: e,
      tagExisting: replace === true ? 'replace' : replace === false ? 'fail' : replace,
      runs,
    });

  test('no release yet: publish', () => {
    expect(decide(undefined, false)).toEqual({ action: 'publish' });
    expect(decide(undefined, true)).toEqual({ action: 'publish' });
  });

  test('an existing release fails without force, whoever made it', () => {
    const reason =
      "a release for tag v1.2.0 already exists (release id 555); set tag-existing: replace to replace it (the git tag is kept) or tag-existing: append to add this run's files to it";
    expect(decide(existing(undefined), false)).toEqual({ action: 'fail', reason });
    expect(decide(existing(tagMarker(9)), false)).toEqual({ action: 'fail', reason });
    expect(decide(existing(tagMarker(10)), false)).toEqual({ action: 'fail', reason });
  });

  test.each([
    ['a person’s release', undefined],
    ['an older run’s', tagMarker(9)],
    ['this run number’s (re-run)', tagMarker(10)],
    ['another workflow’s, even with a higher number', tagMarker(99, { workflowId: 8 })],
  ])('force replaces %s', (_, m) => {
    const e = existing(m);
    expect(decide(e, true)).toEqual({ action: 'publish', replace: e });
  });

  test('force never replaces a newer run’s release for the tag', () => {
    expect(decide(existing(tagMarker(11)), true)).toEqual({
      action: 'skip',
      reason: 'the release for tag v1.2.0 was made by the newer run #11; run #10 never replaces it',
    });
  });

  test('force cannot replace an immutable release', () => {
    expect(decide(existing(tagMarker(9), { immutable: true }), true)).toEqual({
      action: 'fail',
      reason: expect.stringContaining('immutable'),
    });
  });

  test('a newer unfinished run for the same tag takes over', () => {
    const runs = [run({ runNumber: 12, status: 'in_progress', headBranch: 'v1.2.0' })];
    expect(decide(undefined, false, runs)).toEqual({
      action: 'skip',
      reason: 'a newer run #12 for tag v1.2.0 is still in progress and will publish the Tag release',
    });
    expect(decide(existing(tagMarker(9)), true, runs).action).toBe('skip');
  });

  test.each([
    ['another tag', { headBranch: 'v1.2.1' }],
    ['a branch', { headBranch: 'main' }],
    ['completed', { headBranch: 'v1.2.0', status: 'completed' as const }],
    ['older', { headBranch: 'v1.2.0', runNumber: 9 }],
    ['another workflow', { headBranch: 'v1.2.0', workflowId: 8 }],
  ])('a run on %s does not block', (_, over) => {
    expect(decide(undefined, false, [run({ runNumber: 12, status: 'queued', ...over })])).toEqual({
      action: 'publish',
    });
  });

  test.each([
    ['a person’s published release', existing(undefined)],
    ['a person’s draft', existing(undefined, { draft: true, publishedAt: null })],
    ['an older run’s', existing(tagMarker(9))],
    [
      'a draft on an immutable repository (drafts are not frozen)',
      existing(undefined, { draft: true, immutable: true }),
    ],
  ])('append adds to %s, replacing nothing', (_, e) => {
    expect(decide(e, 'append')).toEqual({ action: 'publish', append: e });
  });

  test('append never adds to a newer run’s release, nor to an immutable published one', () => {
    expect(decide(existing(tagMarker(11)), 'append').action).toBe('skip');
    expect(decide(existing(undefined, { immutable: true }), 'append')).toEqual({
      action: 'fail',
      reason: expect.stringContaining('cannot add files to'),
    });
  });
});

describe('decideUnchanged', () => {
  const sha = 'a'.repeat(40);
  const latestAt = (over: Parameters<typeof marker>[0]) =>
    release({ tagName: 'ci-main-latest', marker: marker({ kind: 'latest', sha, ...over }) });
  const unchanged = (current: ReleaseSummary | undefined, runNumber = 10, at = sha) =>
    decideUnchanged({ self: { ...self, runNumber }, sha: at, currentLatest: current });

  test.each<[string, ReleaseSummary | undefined, number, string, string | undefined]>([
    ['same commit, earlier run', latestAt({ runNumber: 7 }), 10, sha, 'unchanged since run #7'],
    ['same commit, same run (a re-run)', latestAt({ runNumber: 10 }), 10, sha, undefined],
    ['same commit, later run (an old re-run)', latestAt({ runNumber: 12 }), 10, sha, undefined],
    ['another commit', latestAt({ runNumber: 7 }), 10, 'b'.repeat(40), undefined],
    ['no Latest yet', undefined, 10, sha, undefined],
    ['a person’s release at the tag', release({ tagName: 'ci-main-latest', marker: undefined }), 10, sha, undefined],
    ['another workflow’s Latest', latestAt({ runNumber: 7, workflowId: 8 }), 10, sha, undefined],
    ['another branch’s Latest', latestAt({ runNumber: 7, branch: 'dev' }), 10, sha, undefined],
  ])('%s', (_, current, runNumber, at, expected) => {
    expect(unchanged(current, runNumber, at)).toBe(expected);
  });
});
