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

/** What {@link decideTag} answers. `replace` is the release to delete during the swap. */
export type TagDecision =
  | { readonly action: 'publish'; readonly replace?: ReleaseSummary }
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

/** Input of {@link decideTag}. */
export interface TagInput {
  readonly self: SelfRun;
  /** The pushed tag. */
  readonly tag: string;
  /** The published release for the tag, if any. */
  readonly existing: ReleaseSummary | undefined;
  /** The `tag-force-recreate` input. */
  readonly forceRecreate: boolean;
  /** Runs of this workflow (those whose head_branch is the tag count). */
  readonly runs: readonly RunSummary[];
}

/**
 * Decides the Tag release (SPEC §3.5):
 * - an existing release for the tag fails the step unless `forceRecreate` (the user's release is theirs);
 * - `skip` when a newer run of this workflow for the same tag is unfinished (it publishes instead);
 * - with `forceRecreate`, `skip` when the existing release carries this workflow's Tag marker for the
 *   tag with a higher run number (never replace a newer build); `fail` when it is immutable;
 *   otherwise `publish` replacing it (with or without a marker: the user asked for it).
 */
export function decideTag(input: TagInput): TagDecision {
  const { self, tag, existing } = input;
  if (existing !== undefined && !input.forceRecreate) {
    return {
      action: 'fail',
      reason: `a release for tag ${tag} already exists (release id ${existing.id}); set tag-force-recreate: true to replace it (the git tag is kept)`,
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
  if (existing.immutable) {
    return {
      action: 'fail',
      reason: `the release for tag ${tag} is immutable (the repository has immutable releases), so tag-force-recreate cannot replace it; publish to a repository without immutable releases`,
    };
  }
  return { action: 'publish', replace: existing };
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
