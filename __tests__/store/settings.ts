/** Settings for mode and pipeline tests, as inputs/ would build them: one common base per mode. */
import type {
  CleanupSettings,
  CollectSettings,
  PublishSettings,
  ReleaseOptions,
  StoreSettings,
} from '../../src/settings.ts';
import type { PublishKind } from '../../src/planning/types.ts';
import type { StoreBackend } from '../../src/constants.ts';

const common = {
  token: 't',
  releaseToken: 't',
  repository: { owner: 'octo', repo: 'app' },
  tagPrefix: 'ci',
  incompletePrefix: '_',
  jobId: undefined,
} as const;

export function storeSettings(o: Partial<StoreSettings> & { backend: StoreBackend }): StoreSettings {
  return { ...common, mode: 'store', patterns: ['dist/*'], retentionDays: 0, ifNoFilesFound: 'error', ...o };
}

export function collectSettings(o: Partial<CollectSettings> & { backend: StoreBackend }): CollectSettings {
  return { ...common, mode: 'collect', destination: 'collected', ...o };
}

export const look: ReleaseOptions = {
  title: '',
  body: '',
  draft: false,
  prerelease: false,
  targetCommitish: '',
  makeLatest: 'false',
};

export function publishSettings(o: Partial<PublishSettings> = {}): PublishSettings {
  return {
    ...common,
    mode: 'publish',
    patterns: ['out'],
    kinds: new Set<PublishKind>(['latest', 'numbered', 'tag']),
    numberedKeepCount: 10,
    numberedKeepAgeSeconds: 0,
    looks: { latest: look, numbered: look, tag: look },
    latestEvents: ['push'],
    tagExisting: 'fail',
    releaseTag: undefined,
    skipUnchanged: true,
    checksums: true,
    concurrency: 4,
    commitStatus: false,
    dryRun: false,
    immutableReleases: 'auto',
    maxWaitSeconds: 1800,
    ...o,
  };
}

export function cleanupSettings(o: Partial<CleanupSettings> = {}): CleanupSettings {
  return {
    ...common,
    jobId: 7,
    mode: 'cleanup',
    scopes: new Set(['current-run', 'previous-runs']),
    what: new Set(['store', 'incomplete']),
    ifRunFailing: false,
    backend: 'releases',
    ...o,
  };
}
