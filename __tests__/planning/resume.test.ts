import { describe, expect, test } from '@jest/globals';
import { planResume, selectResumableDraft } from '../../src/planning/resume.ts';
import type { Marker, ReleaseSummary } from '../../src/planning/types.ts';

const marker = (o: Partial<Marker> = {}): Marker => ({
  v: 1,
  kind: 'numbered',
  workflowId: 7,
  branch: 'main',
  runId: 100,
  runNumber: 5,
  runAttempt: 1,
  sha: 'a'.repeat(40),
  ...o,
});
const release = (id: number, o: Partial<ReleaseSummary> = {}): ReleaseSummary => ({
  id,
  tagName: '_ci-main-5',
  draft: true,
  prerelease: false,
  createdAt: '2026-12-01T00:00:00Z',
  publishedAt: null,
  immutable: false,
  marker: marker(),
  ...o,
});
const input = (releases: ReleaseSummary[]) => ({
  releases,
  incompleteTag: '_ci-main-5',
  kind: 'numbered' as const,
  runId: 100,
  runAttempt: 2,
});

describe('selectResumableDraft', () => {
  test('finds the newest draft an earlier attempt of this run left under the incomplete tag', () => {
    expect(selectResumableDraft(input([release(1), release(3), release(2)]))?.id).toBe(3);
  });

  test.each([
    ['a published release', release(1, { draft: false })],
    ['another tag', release(1, { tagName: '_ci-main-latest' })],
    ['another kind', release(1, { marker: marker({ kind: 'latest' }) })],
    ['another run', release(1, { marker: marker({ runId: 99 }) })],
    ['this very attempt (a duplicate creation, not a resume)', release(1, { marker: marker({ runAttempt: 2 }) })],
    ["no marker (a person's draft)", release(1, { marker: undefined })],
  ])('never %s', (_name, r) => {
    expect(selectResumableDraft(input([r]))).toBeUndefined();
  });
});

describe('planResume', () => {
  const files = [
    { name: 'a.bin', size: 3, sha256: 'aa' },
    { name: 'b.bin', size: 3, sha256: 'bb' },
    { name: 'c.bin', size: 3, sha256: 'cc' },
  ];
  test('keeps complete assets of the right size and digest; deletes half-uploaded, changed and foreign ones', () => {
    const plan = planResume(
      [
        { id: 1, name: 'a.bin', size: 3, state: 'uploaded', digest: 'sha256:aa' },
        { id: 2, name: 'b.bin', size: 3, state: 'starter', digest: null },
        { id: 3, name: 'c.bin', size: 3, state: 'uploaded', digest: 'sha256:00' },
        { id: 4, name: 'old.bin', size: 3, state: 'uploaded', digest: 'sha256:dd' },
      ],
      files,
    );
    expect([...plan.keep]).toEqual(['a.bin']);
    expect(plan.remove).toEqual([2, 3, 4]);
  });

  test('a size mismatch is never kept, whatever the digest says', () => {
    expect(
      planResume([{ id: 1, name: 'a.bin', size: 4, state: 'uploaded', digest: 'sha256:aa' }], files).keep.size,
    ).toBe(0);
  });
});
