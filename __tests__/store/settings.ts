/** Store/collect settings for mode tests, as inputs/ would build them. */
import type { CollectSettings, StoreSettings } from '../../src/settings.ts';
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
