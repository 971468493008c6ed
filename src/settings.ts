/**
 * One typed, readonly settings object per mode, discriminated on `mode`. Built and validated only in
 * `inputs/`; everything downstream trusts it.
 */
import type { Mode, StoreBackend } from './constants.ts';
import type { PublishKind } from './planning/types.ts';

export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

export interface CommonSettings {
  readonly token: string;
  /** Token for releases in `repository`; equals `token` unless `release-token` is given. */
  readonly releaseToken: string;
  /** Publish target; defaults to the current repository. */
  readonly repository: RepositoryRef;
  readonly tagPrefix: string;
  readonly incompletePrefix: string;
  /** Check-run id of this job; undefined → looked up with the jobs API. */
  readonly jobId: number | undefined;
}

export type IfNoFilesFound = 'error' | 'warn' | 'ignore';

export interface StoreSettings extends CommonSettings {
  readonly mode: typeof Mode.Store;
  readonly patterns: readonly string[];
  readonly backend: StoreBackend;
  /** 0 = the repository's default. */
  readonly retentionDays: number;
  readonly ifNoFilesFound: IfNoFilesFound;
}

export interface CollectSettings extends CommonSettings {
  readonly mode: typeof Mode.Collect;
  readonly destination: string;
  readonly backend: StoreBackend;
}

/** What one release kind looks like: per-kind inputs (`latest-title`, `tag-prerelease`, ...). */
export interface ReleaseOptions {
  /** Title template with placeholders; empty → the default title for the kind. */
  readonly title: string;
  /** Template; already read from `<kind>-body-path` when that was given. */
  readonly body: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
  /** Empty → the run's sha (same repository) or the target's default branch. */
  readonly targetCommitish: string;
  readonly makeLatest: 'true' | 'false' | 'legacy';
}

export type TagExisting = 'fail' | 'replace' | 'append';

export interface PublishSettings extends CommonSettings {
  readonly mode: typeof Mode.Publish;
  /** A directory, or glob patterns. */
  readonly patterns: readonly string[];
  readonly kinds: ReadonlySet<PublishKind>;
  readonly numberedKeepCount: number;
  readonly numberedKeepAgeSeconds: number;
  readonly looks: Readonly<Record<PublishKind, ReleaseOptions>>;
  readonly latestEvents: readonly string[];
  /** What to do when a release for the tag exists (`tag-force-recreate: true` reads as `replace`). */
  readonly tagExisting: TagExisting;
  /** `release-tag`: an existing git tag to make the Tag release for, from any event; undefined = tag runs only. */
  readonly releaseTag: string | undefined;
  /** `skip-unchanged` (SPEC §3.8). */
  readonly skipUnchanged: boolean;
  readonly checksums: boolean;
  readonly concurrency: number;
  /** `max-wait`: the longest total time spent waiting out GitHub's rate limits, in seconds. */
  readonly maxWaitSeconds: number;
  readonly commitStatus: boolean;
  readonly dryRun: boolean;
  /** `immutable-releases`: the repository setting as the maintainer states it, or `auto` (read it). */
  readonly immutableReleases: 'auto' | 'on' | 'off';
}

export type { CleanupScope, CleanupWhat } from './planning/cleanup-plan.ts';
import type { CleanupScope, CleanupWhat } from './planning/cleanup-plan.ts';

export interface CleanupSettings extends CommonSettings {
  readonly mode: typeof Mode.Cleanup;
  readonly scopes: ReadonlySet<CleanupScope>;
  readonly what: ReadonlySet<CleanupWhat>;
  readonly ifRunFailing: boolean;
  readonly backend: StoreBackend;
}

export type Settings = StoreSettings | CollectSettings | PublishSettings | CleanupSettings;
