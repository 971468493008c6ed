/**
 * Makes one release: an incomplete draft filled with every asset, a last go/no-go, then the swap
 * (SPEC §3.3): the old release and its tag go only after the new one is complete, so the window
 * without a release at the tag is the two calls between deleting the old and publishing the new.
 */
import type { Deps } from '../deps.ts';
import { BudgetError, ConflictError } from '../errors.ts';
import type { ReleaseData } from '../github/releases-api.ts';
import type { GateDecision } from '../planning/publish-gate.ts';
import type { PublishTarget } from './targets.ts';
import { keepUploaded, uploadAssets, type AssetFile } from './uploader.ts';

export type Outcome =
  | { readonly kind: PublishTarget['kind']; readonly status: 'published'; readonly tag: string; readonly url: string; readonly releaseId: number; readonly replaced: string | undefined }
  | { readonly kind: PublishTarget['kind']; readonly status: 'skipped'; readonly tag: string; readonly reason: string };

export interface WriteOptions {
  readonly concurrency: number;
  /** Commit or branch the final tag is created at (when the tag does not exist). */
  readonly targetCommitish: string | undefined;
  /** Asks the go/no-go again with fresh facts, right before the swap. */
  readonly recheck: () => Promise<GateDecision>;
  /** Called once the draft exists, so a failure can name it for cleanup. */
  readonly onDraft?: (draft: ReleaseData) => void;
  /** The incomplete draft an earlier attempt of this run left (SPEC §3.6): filled up instead of a new one. */
  readonly resume?: ReleaseData;
}

export async function writeRelease(target: PublishTarget, files: readonly AssetFile[], deps: Deps, options: WriteOptions): Promise<Outcome> {
  const api = deps.releases;
  const draft = options.resume ?? await api.createRelease({
    tagName: target.incompleteTag,
    name: target.name,
    body: target.body,
    draft: true,
    prerelease: target.look.prerelease,
  });
  options.onDraft?.(draft);
  const kept = options.resume ? await keepUploaded(api, draft, files) : new Map();
  const missing = files.filter((f) => !kept.has(f.name));
  deps.log.info(options.resume
    ? `Resuming incomplete draft ${target.incompleteTag} (release ${draft.id}) of an earlier attempt: ${kept.size} assets already uploaded and verified, uploading the other ${missing.length}.`
    : `Created incomplete draft ${target.incompleteTag} (release ${draft.id}); uploading ${files.length} assets.`);
  try {
    await uploadAssets(api, draft, missing, { concurrency: options.concurrency, log: deps.log, label: target.finalTag, ...(deps.pacing ? { parallelism: () => deps.pacing?.parallelism() ?? options.concurrency } : {}) });
  } catch (error) {
    // GitHub's limits outlasted max-wait: keep the draft, which the next attempt of this run resumes.
    if (deps.pacing?.outlasted) {
      throw new BudgetError(`GitHub's secondary rate limit outlasted max-wait (${Math.round(deps.pacing.maxWaitMs / 1000)} s of waiting) while uploading to ${target.incompleteTag}: the incomplete draft (release ${draft.id}) is kept with the assets already uploaded, and the next attempt of this run resumes it (re-run the failed job).`);
    }
    // Nothing public was touched yet: take the draft away now rather than leave it to `cleanup`.
    // Best effort: when GitHub is failing this may fail too, and `cleanup` removes the draft later.
    const removed = await api.deleteRelease(draft.id).catch(() => false);
    if (!removed) deps.log.warning(`Could not remove incomplete draft ${target.incompleteTag} (release ${draft.id}); 'cleanup' removes it once this run has finished.`);
    throw error;
  }

  const decision = await options.recheck();
  if (decision.action !== 'publish') {
    await api.deleteRelease(draft.id);
    if (decision.action === 'fail') throw new ConflictError(`Cannot publish ${target.kind} release ${target.finalTag}: ${decision.reason}.`);
    return { kind: target.kind, status: 'skipped', tag: target.finalTag, reason: decision.reason };
  }

  // The swap. Our own ci-* tags go with the old release (or as a stale leftover) so that the new
  // tag is created at this run's commit; a Tag release's git tag is the user's and is kept.
  if (decision.replace !== undefined) await api.deleteRelease(decision.replace.id);
  if (target.kind !== 'tag') await api.deleteTag(target.finalTag);
  const final = await api.updateRelease(draft.id, {
    tagName: target.finalTag,
    name: target.name,
    body: target.body,
    draft: target.look.draft,
    prerelease: target.look.prerelease,
    makeLatest: target.look.makeLatest,
    ...(options.targetCommitish ? { targetCommitish: options.targetCommitish } : {}),
  });
  deps.log.info(`Published ${target.kind} release ${target.finalTag}: ${final.htmlUrl}`);
  return {
    kind: target.kind,
    status: 'published',
    tag: target.finalTag,
    url: final.htmlUrl,
    releaseId: final.id,
    replaced: decision.replace?.tagName,
  };
}
