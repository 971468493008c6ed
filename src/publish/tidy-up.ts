/** After every release is written: retention (SPEC §3.4) and drafts created twice. */
import type { Deps, ReleaseData } from '../ports.ts';
import type { ReleaseSummary } from '../planning/types.ts';
import type { PublishSettings } from '../settings.ts';
import { selectLeftoverDrafts, selectRetention } from '../planning/retention.ts';
import { toSummary, type PublishTarget, type RunIdentity } from './targets.ts';

/**
 * The listing as it stands once this step's publishing requests are answered: each release this step
 * published is taken from GitHub's answer to that request, whatever the listing says of it. The
 * listing may have been asked for while the last publishing request was in flight, and a listing can
 * lag behind a write anyway; read as a draft under its incomplete tag, a release just published would
 * look like a draft this step created twice, and would be deleted.
 */
export function asPublished(listed: readonly ReleaseData[], published: readonly ReleaseData[]): ReleaseSummary[] {
  const answered = new Map(published.map((release) => [release.id, release]));
  return listed.map((release) => toSummary(answered.get(release.id) ?? release));
}

/**
 * After every release is written: one listing for retention (when Numbered was published) and for
 * drafts this step created twice (a creation retried after its answer was lost). `listing` is that
 * listing when it was already asked for; `published`, GitHub's answers to this step's publishing
 * requests. Returns the tags retention removed.
 */
export async function tidyUp(
  settings: PublishSettings,
  deps: Deps,
  identity: RunIdentity,
  targets: readonly PublishTarget[],
  numberedPublished: boolean,
  seen: { readonly listing: Promise<ReleaseData[]> | undefined; readonly published: readonly ReleaseData[] },
): Promise<string[]> {
  const releases = asPublished(await (seen.listing ?? deps.releases.listReleases()), seen.published);
  const leftovers = selectLeftoverDrafts({
    releases,
    incompleteTags: targets.map((t) => t.incompleteTag),
    runId: deps.context.runId,
    runAttempt: deps.context.runAttempt,
  });
  for (const draft of leftovers) {
    await deps.releases.deleteRelease(draft.id);
    deps.log.info(
      `Removed draft ${draft.tagName} (release ${draft.id}), created twice when GitHub's first answer was lost.`,
    );
  }
  if (!numberedPublished) return [];
  const doomed = selectRetention({
    releases,
    workflowId: identity.workflowId,
    branch: identity.branchOrTag,
    keepCount: settings.numberedKeepCount,
    keepAgeSeconds: settings.numberedKeepAgeSeconds,
    now: deps.now(),
    ownRunNumber: deps.context.runNumber,
  });
  const deleted: string[] = [];
  for (const release of doomed) {
    await deps.releases.deleteRelease(release.id);
    await deps.releases.deleteTag(release.tagName);
    deleted.push(release.tagName);
  }
  if (deleted.length > 0) deps.log.info(`Retention removed ${deleted.join(', ')}.`);
  return deleted;
}
