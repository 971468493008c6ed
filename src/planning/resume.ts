/**
 * Resuming a cut publish (SPEC §3.6): the next attempt of the same run finds the incomplete draft an
 * earlier attempt left, by marker, keeps every asset already there that is complete and whose size and
 * digest match the file, and uploads only the rest.
 */
import type { PublishKind, ReleaseSummary } from './types.ts';

export interface ResumableInput {
  readonly releases: readonly ReleaseSummary[];
  /** The draft's tag (`_ci-main-latest`). */
  readonly incompleteTag: string;
  readonly kind: PublishKind;
  readonly runId: number;
  readonly runAttempt: number;
}

/**
 * The draft to resume: a draft under `incompleteTag` whose marker names this kind, this run and an
 * earlier attempt; the newest such (highest id). A draft of this very attempt is a duplicate creation,
 * never a resume (retention.ts's leftover drafts).
 */
export function selectResumableDraft(input: ResumableInput): ReleaseSummary | undefined {
  const candidates = input.releases.filter(
    (r) =>
      r.draft &&
      r.tagName === input.incompleteTag &&
      r.marker?.kind === input.kind &&
      r.marker.runId === input.runId &&
      r.marker.runAttempt < input.runAttempt,
  );
  return candidates.sort((a, b) => b.id - a.id)[0];
}

export interface ExistingAsset {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly state: string;
  readonly digest: string | null;
}

export interface WantedFile {
  /** The asset name GitHub gives the file (sanitised). */
  readonly name: string;
  readonly size: number;
  /** Hex sha256 of the local file. */
  readonly sha256: string;
}

export interface ResumePlan {
  /** Asset names kept as they are: complete, same size, same digest. */
  readonly keep: ReadonlySet<string>;
  /** Asset ids to delete first: half-uploaded, different bytes, or no longer a file of this publish. */
  readonly remove: readonly number[];
}

/** Which assets of the resumed draft stay; every file not kept is uploaded again. */
export function planResume(assets: readonly ExistingAsset[], files: readonly WantedFile[]): ResumePlan {
  const wanted = new Map(files.map((f) => [f.name, f]));
  const keep = new Set<string>();
  const remove: number[] = [];
  for (const asset of assets) {
    const file = wanted.get(asset.name);
    const intact =
      file !== undefined &&
      asset.state === 'uploaded' &&
      asset.size === file.size &&
      asset.digest === `sha256:${file.sha256}` &&
      !keep.has(asset.name);
    if (intact) keep.add(asset.name);
    else remove.push(asset.id);
  }
  return { keep, remove };
}
