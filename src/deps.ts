/**
 * The composition root, the only place that builds clients: each Octokit once per token, the
 * adapters over them, the permission probes and the artifact client. Modes get everything through
 * `Deps` (ports.ts), so their tests pass plain fakes instead of mocking modules.
 */
import * as core from '@actions/core';
import type { Settings } from './settings.ts';
import {
  createOctokit,
  DEFAULT_MAX_WAIT_MS,
  rateLimitHandlers,
  retryBaseFromEnv,
  secondaryFiguresFromEnv,
} from './github/octokit.ts';
import { Pacing } from './github/pacing.ts';
import { DirectUploads, directUploadsPossible } from './github/direct-upload.ts';
import { OctokitReleasesApi } from './github/releases-api.ts';
import { OctokitRunsApi } from './github/runs-api.ts';
import { OctokitRepoArtifactsApi } from './github/artifacts-api.ts';
import { OctokitAccessProbe } from './github/access-probe.ts';
import type { RunContext } from './github/context.ts';
import { LazyArtifactClient } from './store/lazy-artifact-client.ts';
import type { Deps, Logger } from './ports.ts';

export const coreLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  notice: (m) => core.notice(m),
  debug: (m) => core.debug(m),
};

/** Builds the value on first use only: most runs never need an artifacts client. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

export function createDeps(settings: Settings, context: RunContext): Deps {
  const concurrency = settings.mode === 'publish' ? settings.concurrency : 4;
  const maxWaitMs = settings.mode === 'publish' ? settings.maxWaitSeconds * 1000 : DEFAULT_MAX_WAIT_MS;
  // One pacing per token: GitHub's secondary limits count per token.
  const octokitFor = (token: string, pacing: Pacing) =>
    createOctokit(token, { baseUrl: context.apiUrl, concurrency, pacing, warn: (m) => core.warning(m) });
  const sourcePacing = new Pacing(secondaryFiguresFromEnv(), concurrency, maxWaitMs);
  const sourceOctokit = octokitFor(settings.token, sourcePacing);
  const sameToken = settings.releaseToken === settings.token;
  const targetPacing = sameToken ? sourcePacing : new Pacing(secondaryFiguresFromEnv(), concurrency, maxWaitMs);
  const targetOctokit = sameToken ? sourceOctokit : octokitFor(settings.releaseToken, targetPacing);
  const sameRepository =
    settings.repository.owner === context.repository.owner && settings.repository.repo === context.repository.repo;
  // Uploads' first attempts go direct (direct-upload.ts), paced and judged as Octokit's writes are.
  const direct = (token: string, pacing: Pacing) =>
    directUploadsPossible()
      ? new DirectUploads({
          token,
          connections: concurrency,
          permit: () => pacing.permit(),
          handlers: rateLimitHandlers(pacing, (m) => core.warning(m)),
          secondMs: pacing.secondMs,
          retryBaseMs: retryBaseFromEnv(),
        })
      : undefined;
  const sourceReleases = new OctokitReleasesApi(
    sourceOctokit,
    context.repository,
    'token',
    direct(settings.token, sourcePacing),
  );
  return {
    context,
    releases:
      sameToken && sameRepository
        ? sourceReleases
        : new OctokitReleasesApi(
            targetOctokit,
            settings.repository,
            sameToken ? 'token' : 'release-token',
            direct(settings.releaseToken, targetPacing),
          ),
    sourceReleases,
    runs: new OctokitRunsApi(sourceOctokit, context.repository),
    access: { token: new OctokitAccessProbe(sourceOctokit), 'release-token': new OctokitAccessProbe(targetOctokit) },
    pacing: targetPacing,
    artifactClient: once(() => new LazyArtifactClient()),
    repoArtifacts: once(() => new OctokitRepoArtifactsApi(sourceOctokit, context.repository)),
    log: coreLogger,
    saveState: (key, value) => core.saveState(key, value),
    now: () => new Date(),
  };
}
