/** What the first plan is made from, read before any write: this run, the releases, immutability (SPEC §3.7, §3.8, §3.5). */
import type { Deps } from '../ports.ts';
import { InputError } from '../errors.ts';
import type { PublishSettings } from '../settings.ts';
import { Inputs } from '../constants.ts';
import { finalTagName } from '../planning/naming.ts';
import { decideUnchanged } from '../planning/latest.ts';
import type { ReleaseData } from '../ports.ts';
import type { ReleaseSummary } from '../planning/types.ts';
import type { RunDetails } from '../ports.ts';
import type { PrimaryBudget } from '../planning/budget.ts';
import { toSummary, type RunIdentity } from './targets.ts';
import { type Outcome } from './writer.ts';

/** What the first plan is made from: this run, the target's releases, whether they are immutable. */
export interface Facts {
  readonly run: RunDetails;
  readonly releases: ReleaseSummary[];
  /** The same releases as GitHub describes them (an appended release is written through its upload_url). */
  readonly listed: ReleaseData[];
  /** Known to be on: stated by `immutable-releases`, read from the setting, or shown by a release. */
  readonly immutable: boolean;
  /** Neither stated nor readable (403 with GITHUB_TOKEN) and no release shows it: check after publishing. */
  readonly immutableUnknown: boolean;
  /** The release token's primary budget (`GET /rate_limit`), undefined where GitHub has none to report. */
  readonly budget: PrimaryBudget | undefined;
}

/**
 * At most this many reads (the preflight's and these facts') are asked at the same time as the budget,
 * so GitHub may not have counted them in it yet.
 */
export const READS_BESIDE_BUDGET = 8;

/** Independent reads, asked at once (each a round trip before the first upload). */
export async function readFacts(settings: PublishSettings, deps: Deps): Promise<Facts> {
  const stated = settings.immutableReleases;
  const [run, listed, setting, read] = await Promise.all([
    deps.runs.getRun(deps.context.runId),
    deps.releases.listReleases(),
    stated === 'auto' ? deps.releases.immutableReleasesEnabled() : Promise.resolve(stated),
    deps.releases.primaryBudget(),
  ]);
  const budget = read && { ...read, remaining: Math.max(0, read.remaining - READS_BESIDE_BUDGET) };
  const releases = listed.map(toSummary);
  // A release's own flag is a fact whatever the setting says now: its tag can never move.
  const immutable = setting === 'on' || releases.some((r) => r.immutable);
  return { run, releases, listed, immutable, immutableUnknown: !immutable && setting === 'unknown', budget };
}

/** The remedy for a release GitHub froze although the setting could not be read beforehand. */
export function frozenWarning(outcome: Extract<Outcome, { status: 'published' }>): string {
  return (
    `GitHub made ${outcome.kind} release ${outcome.tag} immutable: its tag and assets are frozen, and tag ${outcome.tag} can never be published again, so the next run cannot replace it. ` +
    `The repository has immutable releases, which this token cannot read beforehand (it needs administration read). Remedy: publish to a separate repository without immutable releases (inputs repository and release-token), ` +
    `or publish Numbered releases only (latest: false), and set 'immutable-releases: on' so that runs are checked before any write.`
  );
}

/** The sha a tag moves to: a full sha as is, a branch or tag name resolved on the target. */
export async function tagShaOf(deps: Deps, commitish: string): Promise<string> {
  const sha = await deps.releases.commitSha(commitish);
  if (sha === undefined) {
    const { owner, repo } = deps.releases.repository;
    throw new InputError(
      `The target commitish '${commitish}' names no branch, tag or commit of ${owner}/${repo}: give a branch name or a full 40-hex commit sha.`,
    );
  }
  return sha;
}

/** Which kinds this run skips because nothing changed since the current Latest (SPEC §3.8). */
export function unchangedSince(
  settings: PublishSettings,
  deps: Deps,
  identity: RunIdentity,
  releases: readonly ReleaseSummary[],
): string | undefined {
  if (!settings.skipUnchanged || identity.isTag) return undefined;
  const latestTag = finalTagName({ kind: 'latest', prefix: settings.tagPrefix, branch: identity.branchOrTag });
  return decideUnchanged({
    self: {
      runId: deps.context.runId,
      runNumber: deps.context.runNumber,
      workflowId: identity.workflowId,
      branch: identity.branchOrTag,
    },
    sha: deps.context.sha,
    currentLatest: releases.find((r) => r.tagName === latestTag && !r.draft),
  });
}

/** `release-tag` names a git tag that must exist in the target repository: GitHub would otherwise create it. */
export async function requireReleaseTag(settings: PublishSettings, deps: Deps): Promise<void> {
  if (settings.releaseTag === undefined || !settings.kinds.has('tag')) return;
  if ((await deps.releases.getTagSha(settings.releaseTag)) !== undefined) return;
  const { owner, repo } = settings.repository;
  throw new InputError(
    `Input '${Inputs.ReleaseTag}' has invalid value '${settings.releaseTag}': no such git tag in ${owner}/${repo}; release-tag publishes for a tag that exists (push it first).`,
  );
}
