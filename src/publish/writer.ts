/**
 * Makes one release: an incomplete draft filled with every asset, a last go/no-go, then the swap
 * (SPEC §3.3): the final tag moves first (a refusal then leaves the old release whole), the old
 * release goes (its tag stays, already moved), and the draft is published on the moved tag. The
 * window without a release at the tag is the one call between deleting the old and publishing.
 */
import type { Deps } from '../ports.ts';
import { ApiError, BudgetError, ConflictError } from '../errors.ts';
import type { AssetData, ReleaseData } from '../ports.ts';
import type { GateDecision } from '../planning/publish-gate.ts';
import { explainTagRefusal } from '../planning/tag-refusal.ts';
import type { PublishTarget } from './targets.ts';
import { keepUploaded, uploadAssets, type AssetFile } from './uploader.ts';

/** An asset as GitHub stored it: its name is the one GitHub returned, not a prediction. */
export interface PublishedAsset {
  readonly name: string;
  /** The local file's name (the asset name asked for), when GitHub renamed it. */
  readonly localName: string;
  readonly size: number;
  readonly sha256: string;
  readonly url: string;
}

export type Outcome =
  | {
      readonly kind: PublishTarget['kind'];
      readonly status: 'published';
      readonly tag: string;
      readonly url: string;
      readonly releaseId: number;
      readonly replaced: string | undefined;
      readonly assets: readonly PublishedAsset[];
      /** The assets in GitHub's answer to the publishing request, with their final download URLs. */
      readonly answered?: readonly AssetData[];
      /** GitHub marked the new release immutable: its tag and assets are frozen. */
      readonly immutable: boolean;
    }
  | { readonly kind: PublishTarget['kind']; readonly status: 'skipped'; readonly tag: string; readonly reason: string };

/** With checksums on: the SHA256SUMS file (and the body's table) from the names GitHub returned. */
export interface Checksums {
  /** Writes SHA256SUMS for `assets` and describes it for upload. */
  file(assets: readonly PublishedAsset[]): Promise<AssetFile>;
  /** The release body with the checksum table of `assets`. */
  body(target: PublishTarget, assets: readonly PublishedAsset[]): string;
}

export interface WriteOptions {
  readonly concurrency: number;
  /**
   * The commit sha the final tag is moved to before publishing; undefined for a Tag release,
   * whose git tag is the user's and never moves.
   */
  readonly tagSha: string | undefined;
  /** Commit or branch a Tag release's tag is created at when it does not exist. */
  readonly targetCommitish: string | undefined;
  /** Asks the go/no-go again with fresh facts, right before the swap. */
  readonly recheck: () => Promise<GateDecision>;
  /** Called once the draft exists, so a failure can name it for cleanup. */
  readonly onDraft?: (draft: ReleaseData) => void;
  /** Rewords a refused draft creation (the first contents write shows the permission, SPEC §7). */
  readonly draftRefusal?: (error: unknown) => unknown;
  /** Runs once the draft exists, before any upload; a failure removes the draft (nothing public changed). */
  readonly afterDraft?: () => Promise<void>;
  readonly checksums?: Checksums;
  /** The incomplete draft an earlier attempt of this run left (SPEC §3.6): filled up instead of a new one. */
  readonly resume?: ReleaseData;
  /** Told the publishing request as it is sent, so work that needs only its result can start beside it. */
  readonly onPublishing?: (published: Promise<ReleaseData>) => void;
}

/** The asset GitHub stored for `file`, under the name GitHub returned. */
export function publishedAsset(asset: AssetData, file: AssetFile): PublishedAsset {
  return {
    name: asset.name,
    localName: file.name,
    size: asset.size,
    sha256: file.sha256 || (asset.digest ?? '').replace(/^sha256:/, ''),
    url: asset.browserDownloadUrl,
  };
}

/**
 * Every file not `kept` from an earlier attempt, then SHA256SUMS of the names GitHub gave them,
 * last: it lists what is there.
 */
async function fill(
  draft: ReleaseData,
  target: PublishTarget,
  files: readonly AssetFile[],
  kept: ReadonlyMap<string, AssetData>,
  deps: Deps,
  options: WriteOptions,
): Promise<PublishedAsset[]> {
  const api = deps.releases;
  const parallelism = deps.pacing ? { parallelism: () => deps.pacing?.parallelism() ?? options.concurrency } : {};
  const upload = { concurrency: options.concurrency, log: deps.log, label: target.finalTag, ...parallelism };
  const stored = await uploadAssets(
    api,
    draft,
    files.filter((f) => !kept.has(f.name)),
    upload,
  );
  const assets = files.map((f) => publishedAsset((stored.get(f.name) ?? kept.get(f.name)) as AssetData, f));
  if (options.checksums === undefined) return assets;
  const sums = await options.checksums.file(assets);
  const sumsAsset = (await uploadAssets(api, draft, [sums], upload)).get(sums.name) as AssetData;
  return [...assets, publishedAsset(sumsAsset, sums)];
}

/** Best effort: when GitHub is failing this may fail too, and `cleanup` removes the draft later. */
async function removeDraft(deps: Deps, draft: ReleaseData, target: PublishTarget): Promise<void> {
  const removed = await deps.releases.deleteRelease(draft.id).catch(() => false);
  if (!removed)
    deps.log.warning(
      `Could not remove incomplete draft ${target.incompleteTag} (release ${draft.id}); 'cleanup' removes it once this run has finished.`,
    );
}

/** Moves the final tag; a refusal removes the draft and says why, with the old release untouched. */
async function moveFinalTag(deps: Deps, draft: ReleaseData, target: PublishTarget, sha: string): Promise<void> {
  try {
    // A tag with no release at it is usually new (it may still be left by an attempt that failed).
    await deps.releases.moveTag(target.finalTag, sha, target.existing !== undefined);
  } catch (error) {
    await removeDraft(deps, draft, target);
    if (!ApiError.isApiError(error)) throw error;
    const { owner, repo } = deps.releases.repository;
    const why = explainTagRefusal({
      status: error.status,
      message: error.message,
      tag: target.finalTag,
      sha,
      repository: `${owner}/${repo}`,
    });
    const untouched = target.existing
      ? `the previous release at ${target.finalTag} is untouched`
      : `nothing was published`;
    throw new ConflictError(
      `Cannot publish ${target.kind} release ${target.finalTag}: ${why ?? error.message} (${untouched}; the incomplete draft was removed).`,
    );
  }
}

export async function writeRelease(
  target: PublishTarget,
  files: readonly AssetFile[],
  deps: Deps,
  options: WriteOptions,
): Promise<Outcome> {
  const api = deps.releases;
  const draft =
    options.resume ??
    (await api
      .createRelease({
        tagName: target.incompleteTag,
        name: target.name,
        body: target.body,
        draft: true,
        prerelease: target.look.prerelease,
      })
      .catch((error: unknown) => {
        throw options.draftRefusal ? options.draftRefusal(error) : error;
      }));
  options.onDraft?.(draft);
  if (options.afterDraft) {
    await options.afterDraft().catch(async (error: unknown) => {
      // A draft this step just created goes again; a resumed one stays for the next attempt.
      if (!options.resume) await removeDraft(deps, draft, target);
      throw error;
    });
  }
  const kept = options.resume ? await keepUploaded(api, draft, files) : new Map<string, AssetData>();
  const sums = options.checksums ? 1 : 0;
  deps.log.info(
    options.resume
      ? `Resuming incomplete draft ${target.incompleteTag} (release ${draft.id}) of an earlier attempt: ${kept.size} assets already uploaded and verified, uploading the other ${files.length - kept.size + sums}.`
      : `Created incomplete draft ${target.incompleteTag} (release ${draft.id}); uploading ${files.length + sums} assets.`,
  );
  let assets: PublishedAsset[];
  try {
    assets = await fill(draft, target, files, kept, deps, options);
  } catch (error) {
    // GitHub's limits outlasted max-wait: keep the draft, which the next attempt of this run resumes.
    if (deps.pacing?.outlasted) {
      throw new BudgetError(
        `GitHub's secondary rate limit outlasted max-wait (${Math.round(deps.pacing.maxWaitMs / 1000)} s of waiting) while uploading to ${target.incompleteTag}: the incomplete draft (release ${draft.id}) is kept with the assets already uploaded, and the next attempt of this run resumes it (re-run the failed job).`,
      );
    }
    // Nothing public was touched yet: take the draft away now rather than leave it to `cleanup`.
    await removeDraft(deps, draft, target);
    throw error;
  }

  const decision = await options.recheck();
  if (decision.action !== 'publish') {
    await api.deleteRelease(draft.id);
    if (decision.action === 'fail')
      throw new ConflictError(`Cannot publish ${target.kind} release ${target.finalTag}: ${decision.reason}.`);
    return { kind: target.kind, status: 'skipped', tag: target.finalTag, reason: decision.reason };
  }

  // The swap. Our own ci-* tag moves first; a Tag release's git tag is the user's and is kept.
  if (options.tagSha !== undefined) await moveFinalTag(deps, draft, target, options.tagSha);
  if (decision.replace !== undefined) await api.deleteRelease(decision.replace.id);
  const commitish = options.tagSha ?? options.targetCommitish;
  const publishing = api.updateRelease(draft.id, {
    tagName: target.finalTag,
    name: target.name,
    body: options.checksums ? options.checksums.body(target, assets) : target.body,
    draft: target.look.draft,
    prerelease: target.look.prerelease,
    makeLatest: target.look.makeLatest,
    ...(commitish ? { targetCommitish: commitish } : {}),
  });
  options.onPublishing?.(publishing);
  const final = await publishing;
  deps.log.info(`Published ${target.kind} release ${target.finalTag}: ${final.htmlUrl}`);
  return {
    kind: target.kind,
    status: 'published',
    tag: target.finalTag,
    url: final.htmlUrl,
    releaseId: final.id,
    replaced: decision.replace?.tagName,
    assets,
    ...(final.assets ? { answered: final.assets } : {}),
    immutable: final.immutable,
  };
}
