/** Names that are part of the contract with action.yml, the runner and the user. */

export const Mode = {
  Store: 'store',
  Collect: 'collect',
  Publish: 'publish',
  Cleanup: 'cleanup',
} as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export const StoreBackend = {
  Auto: 'auto',
  Artifacts: 'artifacts',
  Releases: 'releases',
} as const;
export type StoreBackend = (typeof StoreBackend)[keyof typeof StoreBackend];

/** Input names exactly as action.yml declares them. */
export const Inputs = {
  Mode: 'mode',
  Token: 'token',
  Repository: 'repository',
  ReleaseToken: 'release-token',
  TagPrefix: 'tag-prefix',
  IncompletePrefix: 'incomplete-prefix',
  JobId: 'job-id',
  Path: 'path',
  Backend: 'backend',
  RetentionDays: 'retention-days',
  IfNoFilesFound: 'if-no-files-found',
  Latest: 'latest',
  Numbered: 'numbered',
  Tag: 'tag',
  NumberedKeepCount: 'numbered-keep-count',
  NumberedKeepAge: 'numbered-keep-age',
  LatestEvents: 'latest-events',
  TagForceRecreate: 'tag-force-recreate',
  TagExisting: 'tag-existing',
  ReleaseTag: 'release-tag',
  SkipUnchanged: 'skip-unchanged',
  Checksums: 'checksums',
  Concurrency: 'concurrency',
  MaxWait: 'max-wait',
  CommitStatus: 'commit-status',
  DryRun: 'dry-run',
  ImmutableReleases: 'immutable-releases',
  Scope: 'scope',
  What: 'what',
  IfRunFailing: 'if-run-failing',
} as const;

/** Per-kind release inputs: `<kind>-<field>`, e.g. `latest-title`, `tag-prerelease`. */
export const KindFields = [
  'title',
  'body',
  'body-path',
  'draft',
  'prerelease',
  'target-commitish',
  'make-latest',
] as const;

/** Keys of the runner's save-state/get-state store, shared by the main and post entries. */
export const State = {
  StoredItem: 'stored-item',
  StoreBackend: 'store-backend',
} as const;
