import { gate, type GateInput } from '../../src/planning/publish-gate.ts';
import type { Marker, ReleaseSummary, RunSummary } from '../../src/planning/types.ts';

const SHA = 'b'.repeat(40);
const self = { runId: 700, runNumber: 7, workflowId: 3, branch: 'main' };

function release(tag: string, marker?: Partial<Marker>, o: Partial<ReleaseSummary> = {}): ReleaseSummary {
  return {
    id: 1,
    tagName: tag,
    draft: false,
    prerelease: false,
    createdAt: '2026-01-01T00:00:00Z',
    publishedAt: '2026-01-01T00:00:00Z',
    immutable: false,
    marker:
      marker === undefined
        ? undefined
        : ({
            v: 1,
            kind: 'latest',
            workflowId: 3,
            branch: 'main',
            runId: 600,
            runNumber: 6,
            runAttempt: 1,
            sha: SHA,
            ...marker,
          } as Marker),
    ...o,
  };
}

function run(runNumber: number, status: RunSummary['status'], event = 'push'): RunSummary {
  return {
    id: runNumber * 100,
    workflowId: 3,
    runNumber,
    runAttempt: 1,
    status,
    conclusion: status === 'completed' ? 'success' : null,
    event,
    headBranch: 'main',
  };
}

function input(o: Partial<GateInput>): GateInput {
  return {
    kind: 'latest',
    finalTag: 'ci-main-latest',
    self,
    existing: undefined,
    runs: [],
    latestEvents: ['push'],
    tagExisting: 'fail',
    immutable: false,
    tagExists: false,
    ...o,
  };
}

test('Latest: publishes over an older Latest of the same workflow and branch, replacing it', () => {
  const existing = release('ci-main-latest', { runNumber: 6 });
  expect(gate(input({ existing }))).toEqual({ action: 'publish', replace: existing });
});

test('Latest: skips when a newer run is unfinished, naming it', () => {
  const d = gate(input({ runs: [run(8, 'queued')] }));
  expect(d).toMatchObject({ action: 'skip' });
  expect(d.action === 'skip' && d.reason).toContain('#8');
});

test("Latest: a person's release at the tag fails the step instead of being replaced", () => {
  expect(gate(input({ existing: release('ci-main-latest') })).action).toBe('fail');
});

test('Numbered: a re-run replaces its own number; anything else at the tag fails', () => {
  const own = release('ci-main-7', { kind: 'numbered', runNumber: 7 });
  expect(gate(input({ kind: 'numbered', finalTag: 'ci-main-7', existing: own }))).toEqual({
    action: 'publish',
    replace: own,
  });
  const other = release('ci-main-7', { kind: 'numbered', runNumber: 7, branch: 'dev' });
  expect(gate(input({ kind: 'numbered', finalTag: 'ci-main-7', existing: other })).action).toBe('fail');
  expect(gate(input({ kind: 'numbered', finalTag: 'ci-main-7', existing: undefined }))).toEqual({
    action: 'publish',
    replace: undefined,
  });
});

test('Immutable: replacing or reusing a tag name fails before any write, naming the remedy', () => {
  const existing = release('ci-main-latest', { runNumber: 6 });
  const replacing = gate(input({ existing, immutable: true }));
  expect(replacing).toMatchObject({ action: 'fail' });
  expect(replacing.action === 'fail' && replacing.reason).toMatch(
    /immutable releases.*separate repository.*Numbered releases only/,
  );
  expect(gate(input({ tagExists: true, immutable: true })).action).toBe('fail');
  expect(gate(input({ kind: 'numbered', finalTag: 'ci-main-7', immutable: true }))).toEqual({
    action: 'publish',
    replace: undefined,
  });
  // The pushed tag of a Tag release always exists: that is no reuse.
  expect(gate(input({ kind: 'tag', finalTag: 'v1.0.0', immutable: true, tagExists: true }))).toEqual({
    action: 'publish',
    replace: undefined,
  });
});

test('Tag: an existing release fails without tag-force-recreate and is replaced with it', () => {
  const existing = release('v1.0.0', { kind: 'tag', branch: undefined, tag: 'v1.0.0' } as Partial<Marker>);
  expect(gate(input({ kind: 'tag', finalTag: 'v1.0.0', existing })).action).toBe('fail');
  expect(gate(input({ kind: 'tag', finalTag: 'v1.0.0', existing, tagExisting: 'replace' }))).toEqual({
    action: 'publish',
    replace: existing,
  });
});
