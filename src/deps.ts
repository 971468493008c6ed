/**
 * The composition root: builds each Octokit once and the adapters the modes receive. Modes get
 * everything through `Deps`, so their tests pass plain fakes instead of mocking modules.
 */
import * as core from '@actions/core';
import type { Settings } from './settings.ts';
import { createOctokit, DEFAULT_MAX_WAIT_MS, secondaryFiguresFromEnv } from './github/octokit.ts';
import { Pacing } from './github/pacing.ts';
import { OctokitReleasesApi, type ReleasesApi } from './github/releases-api.ts';
import { OctokitRunsApi, type RunsApi } from './github/runs-api.ts';
import type { RunContext } from './github/context.ts';
import type { TokenInput } from './planning/permissions.ts';
import type { AccessProbe } from './preflight/probe.ts';
import { OctokitAccessProbe } from './preflight/octokit-probe.ts';

/** Where modes write what they say; core's functions in production, arrays in tests. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  notice(message: string): void;
  debug(message: string): void;
}

export interface Deps {
  readonly context: RunContext;
  /** Releases of the publish target (`repository`), with `release-token`. */
  readonly releases: ReleasesApi;
  /** Releases of the source repository, with `token` (the releases store backend keeps drafts there). */
  readonly sourceReleases: ReleasesApi;
  /** Runs, jobs and commit statuses of the source repository, with `token`. */
  readonly runs: RunsApi;
  /** Per token input, the preflight's probes (src/preflight); absent in unit tests with fakes. */
  readonly access?: Readonly<Record<TokenInput, AccessProbe>>;
  /** Pacing and rate-limit waits of the release token's requests; absent in unit tests with fakes. */
  readonly pacing?: Pacing;
  readonly log: Logger;
  /** Records post-step state as soon as a resource exists. */
  readonly saveState: (key: string, value: string) => void;
  readonly now: () => Date;
}

export const coreLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  notice: (m) => core.notice(m),
  debug: (m) => core.debug(m),
};

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
  const sameRepository = settings.repository.owner === context.repository.owner && settings.repository.repo === context.repository.repo;
  const sourceReleases = new OctokitReleasesApi(sourceOctokit, context.repository, 'token');
  return {
    context,
    releases: sameToken && sameRepository ? sourceReleases : new OctokitReleasesApi(targetOctokit, settings.repository, sameToken ? 'token' : 'release-token'),
    sourceReleases,
    runs: new OctokitRunsApi(sourceOctokit, context.repository),
    access: { token: new OctokitAccessProbe(sourceOctokit), 'release-token': new OctokitAccessProbe(targetOctokit) },
    pacing: targetPacing,
    log: coreLogger,
    saveState: (key, value) => core.saveState(key, value),
    now: () => new Date(),
  };
}
