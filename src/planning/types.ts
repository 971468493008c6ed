/**
 * Plain data the pure decision functions work on. Nothing here knows about Octokit, HTTP or files:
 * adapters translate GitHub's payloads into these shapes.
 */

/** What a release made by this action is for. `store` = a draft bucket of one job's files (releases backend). */
export type ReleaseKind = 'latest' | 'numbered' | 'tag' | 'store';

/** The kinds `publish` makes. */
export type PublishKind = 'latest' | 'numbered' | 'tag';

/** GitHub's workflow-run statuses. Every one but `completed` means the run is unfinished. */
export type RunStatus = 'requested' | 'queued' | 'pending' | 'waiting' | 'in_progress' | 'completed';

/**
 * The machine-readable record every release this action creates carries in its body (SPEC §2).
 * Retention and cleanup act only on releases whose marker matches the workflow and branch/tag.
 */
export interface Marker {
  readonly v: 1;
  readonly kind: ReleaseKind;
  /** The workflow (numeric id) whose run made the release. */
  readonly workflowId: number;
  /** Branch of a branch run (verbatim, unsanitised). Absent on tag runs. */
  readonly branch?: string;
  /** The pushed tag of a tag run. Absent on branch runs. */
  readonly tag?: string;
  readonly runId: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  /** Full 40-hex commit sha the run built. */
  readonly sha: string;
  /** The job (check run id) that stored the files; only on `store` releases. */
  readonly jobId?: number;
}

/** A workflow run as the runs API reports it, reduced to what the decisions need. */
export interface RunSummary {
  readonly id: number;
  readonly workflowId: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly status: RunStatus;
  /** null while unfinished; e.g. success, failure, cancelled, skipped when completed. */
  readonly conclusion: string | null;
  /** push, schedule, workflow_dispatch, pull_request, ... */
  readonly event: string;
  /** Branch name, or the bare tag name for tag pushes. */
  readonly headBranch: string | null;
}

/** A release as listed, with its decoded marker (undefined when the body has none: a person's release). */
export interface ReleaseSummary {
  readonly id: number;
  readonly tagName: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601; null for drafts. */
  readonly publishedAt: string | null;
  readonly immutable: boolean;
  readonly marker: Marker | undefined;
}
