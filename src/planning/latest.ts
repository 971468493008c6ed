/**
 * Whether this run may publish Latest (SPEC §3.2) or a Tag release (SPEC §3.5). The caller asks twice:
 * before uploading and again immediately before the swap, with fresh facts each time.
 */
import type { ReleaseSummary, RunStatus, RunSummary } from './types.ts';

/** The run asking. */
export interface SelfRun {
  readonly runId: number;
  readonly runNumber: number;
  readonly workflowId: number;
  /** Branch of a branch run; for tag runs the bare tag (what the runs API calls head_branch). */
  readonly branch: string;
}

/** What {@link decideLatest} answers. `conflict` = a release we must never replace holds the tag. */
export type LatestDecision =
  | { readonly action: 'publish' }
  | { readonly action: 'skip'; readonly reason: string; readonly newerRunNumber?: number }
  | { readonly action: 'conflict'; readonly reason: string };

/** Input of {@link decideLatest}. */
export interface LatestInput {
  readonly self: SelfRun;
  /** The published release now at the Latest tag, if any. */
  readonly current: ReleaseSummary | undefined;
  /** Runs of this workflow and branch, any events (others are ignored). */
  readonly runs: readonly RunSummary[];
  /** The `latest-events` input: only unfinished newer runs of these events block. */
  readonly latestEvents: readonly string[];
}

/**
 * Decides whether this run may replace the Latest release of its branch:
 * - `conflict` when the release at the tag has no marker, or one of another workflow, branch or kind
 *   (a person's release or another branch's is never replaced), or is immutable (it cannot be replaced);
 * - `skip` when that release was made by a higher run number (a re-run of an old run never
 *   downgrades Latest; the same number, a re-run, may replace it);
 * - `skip` when a run of this workflow and branch with a higher number, of an event in `latestEvents`,
 *   is still unfinished: it will publish Latest itself. Newer runs that completed, whatever their
 *   conclusion, do not block (they would have published already or never will);
 * - `publish` otherwise.
 */
export function decideLatest(input: LatestInput): LatestDecision {
  const { self, current } = input;
  if (current !== undefined) {
    const m = current.marker;
    if (m === undefined) {
      return {
        action: 'conflict',
        reason: `the release at tag ${current.tagName} was not made by this action (its body has no marker), so it is never replaced; delete it or choose another tag-prefix`,
      };
    }
    if (m.kind !== 'latest' || m.workflowId !== self.workflowId || m.branch !== self.branch) {
      return {
        action: 'conflict',
        reason: `the release at tag ${current.tagName} belongs to ${describeOwner(m.kind, m.workflowId, m.branch ?? m.tag)}, not to the Latest release of workflow ${self.workflowId} on branch '${self.branch}', so it is never replaced`,
      };
    }
    if (m.runNumber > self.runNumber) {
      return {
        action: 'skip',
        reason: `Latest already holds the newer run #${m.runNumber}; run #${self.runNumber} never replaces it`,
        newerRunNumber: m.runNumber,
      };
    }
    if (current.immutable) {
      return {
        action: 'conflict',
        reason: `the Latest release at tag ${current.tagName} is immutable (the repository has immutable releases), so it can never be replaced; publish to a repository without immutable releases, or publish Numbered releases only`,
      };
    }
  }
  const blocker = newestUnfinished(
    input.runs.filter(
      (r) =>
        r.workflowId === self.workflowId &&
        r.runNumber > self.runNumber &&
        (r.headBranch === null || r.headBranch === self.branch) &&
        input.latestEvents.includes(r.event),
    ),
  );
  if (blocker !== undefined) {
    return {
      action: 'skip',
      reason: `a newer run #${blocker.runNumber} ${statusPhrase(blocker.status)} and will publish Latest`,
      newerRunNumber: blocker.runNumber,
    };
  }
  return { action: 'publish' };
}

/** What {@link decideTag} answers. `replace` is the release to delete during the swap, `append` the one to add files to. */
export type TagDecision =
  | { readonly action: 'publish'; readonly replace?: ReleaseSummary; readonly append?: ReleaseSummary }
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

/** The `tag-existing` input (`tag-force-recreate: true` arrives here as `replace`). */
export type TagExistingChoice = 'fail' | 'replace' | 'append';

/** Input of {@link decideTag}. */
export interface TagInput {
  readonly self: SelfRun;
  /** The tag the release is for (the pushed tag, or `release-tag`). */
  readonly tag: string;
  /** The release for the tag, if any: the published one, or with `append` a draft a person made. */
  readonly existing: ReleaseSummary | undefined;
  readonly tagExisting: TagExistingChoice;
  /** Runs of this workflow (those whose head_branch is the tag count). */
  readonly runs: readonly RunSummary[];
}

/**
 * Decides the Tag release (SPEC §3.5):
 * - an existing release for the tag fails the step with `tag-existing: fail` (the user's release is theirs);
 * - `skip` when a newer run of this workflow for the same tag is unfinished (it publishes instead);
 * - `skip` when the existing release carries this workflow's Tag marker for the tag with a higher run
 *   number (never replace a newer build);
 * - `replace`: `fail` when the release is immutable, else `publish` replacing it (marker or not: the user asked);
 * - `append`: `fail` when it is published and immutable (its assets are frozen), else `publish` into it.
 */
export function decideTag(input: TagInput): TagDecision {
  const { self, tag, existing } = input;
  if (existing !== undefined && input.tagExisting === 'fail') {
    return {
      action: 'fail',
      reason: `a release for tag ${tag} already exists (release id ${existing.id}); set tag-existing: replace to replace it (the git tag is kept) or tag-existing: append to add this run's files to it`,
    };
  }
  const blocker = newestUnfinished(
    input.runs.filter((r) => r.workflowId === self.workflowId && r.runNumber > self.runNumber && r.headBranch === tag),
  );
  if (blocker !== undefined) {
    return {
      action: 'skip',
      reason: `a newer run #${blocker.runNumber} for tag ${tag} ${statusPhrase(blocker.status)} and will publish the Tag release`,
    };
  }
  if (existing === undefined) return { action: 'publish' };
  const m = existing.marker;
  if (m?.kind === 'tag' && m.workflowId === self.workflowId && m.tag === tag && m.runNumber > self.runNumber) {
    return {
      action: 'skip',
      reason: `the release for tag ${tag} was made by the newer run #${m.runNumber}; run #${self.runNumber} never replaces it`,
    };
  }
  if (existing.immutable && !existing.draft) {
    return {
      action: 'fail',
      reason: `the release for tag ${tag} is immutable (the repository has immutable releases), so tag-existing: ${input.tagExisting} cannot ${input.tagExisting === 'append' ? 'add files to' : 'replace'} it; publish to a repository without immutable releases`,
    };
  }
  return input.tagExisting === 'append'
    ? { action: 'publish', append: existing }
    : { action: 'publish', replace: existing };
}

/** Input of {@link decideUnchanged}. */
export interface UnchangedInput {
  readonly self: SelfRun;
  /** The commit this run built. */
  readonly sha: string;
  /** The published release now at this branch's Latest tag, if any. */
  readonly currentLatest: ReleaseSummary | undefined;
}

/**
 * SPEC §3.8: a branch run whose commit is the one the current Latest (this workflow's, this branch's)
 * was built from by an EARLIER run number has nothing new: the reason both Latest and Numbered are
 * skipped, or undefined when the run publishes. A re-run (same number) is never unchanged: its
 * maintainer asked for it.
 */
export function decideUnchanged(input: UnchangedInput): string | undefined {
  const m = input.currentLatest?.marker;
  if (
    m === undefined ||
    m.kind !== 'latest' ||
    m.workflowId !== input.self.workflowId ||
    m.branch !== input.self.branch
  )
    return undefined;
  if (m.sha !== input.sha || m.runNumber >= input.self.runNumber) return undefined;
  return `unchanged since run #${m.runNumber}`;
}

/** The unfinished run with the highest number, if any. */
function newestUnfinished(runs: readonly RunSummary[]): RunSummary | undefined {
  let newest: RunSummary | undefined;
  for (const r of runs) {
    if (r.status !== 'completed' && (newest === undefined || r.runNumber > newest.runNumber)) newest = r;
  }
  return newest;
}

const STATUS_PHRASES: Readonly<Record<Exclude<RunStatus, 'completed'>, string>> = {
  requested: 'has been requested',
  queued: 'is queued',
  pending: 'is pending',
  waiting: 'is waiting',
  in_progress: 'is still in progress',
};

function statusPhrase(status: RunStatus): string {
  return status === 'completed' ? 'has completed' : STATUS_PHRASES[status];
}

function describeOwner(kind: string, workflowId: number, name: string | undefined): string {
  return `a ${kind} release of workflow ${workflowId} for '${name ?? '?'}'`;
}
