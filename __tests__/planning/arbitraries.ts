/** fast-check arbitraries and builders shared by the planning tests. */
import fc from 'fast-check';
import type { Marker, ReleaseSummary, RunStatus, RunSummary } from '../../src/planning/types.ts';

/** Branch-like strings including the nasty ones: comment closers, quotes, controls, Unicode. */
export const weirdString: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1 }),
    fc.constantFrom('-->', '--!>', '<!--', 'a-->b', '</script>', '&amp;', '"\'\\', '\u2028', 'main', 'feature/x'),
    fc
      .array(fc.constantFrom('-', '>', '<', '!', '&', '"', '\\', 'a', ' ', '\n', '}'), { minLength: 1, maxLength: 12 })
      .map((a) => a.join('')),
  )
  .filter((s) => s !== '');

const positive = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const sha = fc.stringMatching(/^[0-9a-f]{40}$/);

/** Any valid marker. */
export const markerArb: fc.Arbitrary<Marker> = fc
  .record({
    kind: fc.constantFrom('latest', 'numbered', 'tag', 'store') as fc.Arbitrary<Marker['kind']>,
    workflowId: positive,
    name: weirdString,
    useTag: fc.boolean(),
    runId: positive,
    runNumber: positive,
    runAttempt: positive,
    sha,
    jobId: fc.option(positive, { nil: undefined }),
  })
  .map(({ kind, name, useTag, jobId, ...rest }): Marker => {
    const byTag = kind === 'tag' || (kind === 'store' && useTag);
    const job = kind === 'store' ? (jobId ?? 1) : jobId;
    return {
      v: 1,
      kind,
      ...(byTag ? { tag: name } : { branch: name }),
      ...rest,
      ...(job === undefined ? {} : { jobId: job }),
    };
  });

export const SHA = 'a'.repeat(40);

/** A marker with defaults, for tables. */
export function marker(over: Partial<Marker> = {}): Marker {
  return {
    v: 1,
    kind: 'latest',
    workflowId: 7,
    branch: 'main',
    runId: 1000,
    runNumber: 10,
    runAttempt: 1,
    sha: SHA,
    ...over,
  };
}

let nextId = 1;
/** A release with defaults, for tables. */
export function release(over: Partial<ReleaseSummary> = {}): ReleaseSummary {
  return {
    id: nextId++,
    tagName: 'ci-main-latest',
    draft: false,
    prerelease: false,
    createdAt: '2025-01-01T00:00:00Z',
    publishedAt: '2025-01-01T00:00:00Z',
    immutable: false,
    marker: marker(),
    ...over,
  };
}

/** A run with defaults, for tables. */
export function run(over: Partial<RunSummary> & { runNumber: number }): RunSummary {
  return {
    id: 1000 + over.runNumber,
    workflowId: 7,
    runAttempt: 1,
    status: 'completed' as RunStatus,
    conclusion: 'success',
    event: 'push',
    headBranch: 'main',
    ...over,
  };
}

export const UNFINISHED: readonly RunStatus[] = ['requested', 'queued', 'pending', 'waiting', 'in_progress'];
