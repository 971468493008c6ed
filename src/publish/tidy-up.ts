/** After every release is written: retention (SPEC §3.4) and drafts created twice. */
import type { Deps } from '../ports.ts';
import type { PublishSettings } from '../settings.ts';
import { selectLeftoverDrafts, selectRetention } from '../planning/retention.ts';
import { toSummary, type PublishTarget, type RunIdentity } from './targets.ts';

/**
 * After every release is written: one listing for retention (when Numbered was published) and for
 * drafts this step created twice (a creation retried after its answer was lost). Returns the tags
 * retention removed.
 */
export async function tidyUp(
  settings: PublishSettings,
  deps: Deps,
  identity: RunIdentity,
  targets: readonly PublishTarget[],
  numberedPublished: boolean,
): Promise<string[]> {
  const releases = (await deps.releases.listReleases()).map(toSummary);
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
