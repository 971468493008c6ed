/** Chooses and builds the store backend (SPEC §4 `backend`). */
import { StoreBackend } from '../constants.ts';
import type { Deps } from '../ports.ts';
import { isEnterpriseServer } from '../github/context.ts';
import { ActionsArtifactStore } from './actions-artifacts.ts';
import type { ArtifactStore, StoreKind } from './artifact-store.ts';
import { DraftReleaseStore } from './draft-release.ts';

export type { ArtifactStore, StoreKind, StoredItemRef } from './artifact-store.ts';

/** `auto` → Actions artifacts on github.com, *.ghe.com and *.localhost; draft releases on GHES. */
export function resolveBackend(backend: StoreBackend, serverUrl: string): StoreKind {
  if (backend !== StoreBackend.Auto) return backend;
  return isEnterpriseServer(serverUrl) ? 'releases' : 'artifacts';
}

export interface StoreNaming {
  readonly tagPrefix: string;
  readonly incompletePrefix: string;
  /** `token`: downloads an artifact through the REST API when its signed URL answers 404. */
  readonly token?: string;
}

/**
 * The store for `kind`. The artifacts backend uses `deps.artifactClient` (deps.ts builds
 * `@actions/artifact`'s client, loaded on first use: publish never pays for it); tests pass a fake
 * or a real client in their `Deps`.
 */
export async function createStore(kind: StoreKind, deps: Deps, naming: StoreNaming): Promise<ArtifactStore> {
  if (kind === 'releases') {
    return new DraftReleaseStore({
      releases: deps.sourceReleases,
      runs: deps.runs,
      context: deps.context,
      ...naming,
      log: deps.log,
    });
  }
  const client = deps.artifactClient();
  const rest = naming.token ? { token: naming.token, ...deps.context.repository } : undefined;
  return new ActionsArtifactStore(client, deps.context.tempDir, deps.log, rest);
}
