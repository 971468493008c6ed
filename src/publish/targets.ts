/**
 * Which releases this run makes and what each looks like: tag names, marker, content, and the
 * release (if any) each would replace. Built from facts fetched once; no writes.
 */
import type { RunContext } from '../github/context.ts';
import type { ReleaseData } from '../ports.ts';
import { decodeMarker } from '../planning/marker.ts';
import { finalTagName, incompleteTagName } from '../planning/naming.ts';
import { releaseContent, type ContentFacts } from '../planning/release-content.ts';
import type { Marker, PublishKind, ReleaseSummary } from '../planning/types.ts';
import type { PublishSettings, ReleaseOptions } from '../settings.ts';

export interface PublishTarget {
  readonly kind: PublishKind;
  readonly finalTag: string;
  readonly incompleteTag: string;
  readonly marker: Marker;
  readonly name: string;
  /** The body with the checksum table predicted from the local names (for the draft and the limit check). */
  readonly body: string;
  /** The body with `table`, built from the asset names GitHub returned. */
  readonly bodyWith: (table: string | undefined) => string;
  readonly look: ReleaseOptions;
  /** The published release now at the final tag, if any. */
  readonly existing: ReleaseSummary | undefined;
}

export interface RunIdentity {
  readonly workflowId: number;
  /** Branch name of a branch run, the bare tag of a tag run. */
  readonly branchOrTag: string;
  readonly isTag: boolean;
}

export function toSummary(release: ReleaseData): ReleaseSummary {
  return {
    id: release.id,
    tagName: release.tagName,
    draft: release.draft,
    prerelease: release.prerelease,
    createdAt: release.createdAt,
    publishedAt: release.publishedAt,
    immutable: release.immutable,
    marker: decodeMarker(release.body),
  };
}

/** The tag a Tag release is for: `release-tag` when given, else the pushed tag of a tag run. */
export function tagFor(settings: PublishSettings, identity: RunIdentity): string | undefined {
  return settings.releaseTag ?? (identity.isTag ? identity.branchOrTag : undefined);
}

/**
 * The kinds this run makes, as enabled: Latest and Numbered on branch runs; Tag on tag runs and,
 * with `release-tag`, on any run.
 */
export function kindsForRun(settings: PublishSettings, isTag: boolean): PublishKind[] {
  const wanted: PublishKind[] = isTag
    ? ['tag']
    : settings.releaseTag !== undefined
      ? ['numbered', 'latest', 'tag']
      : ['numbered', 'latest'];
  return wanted.filter((kind) => settings.kinds.has(kind));
}

/** A kind that was asked for and that this run does not make, with the reason (output `skipped`). */
export interface NotMade {
  readonly kind: PublishKind;
  readonly reason: string;
}

export function kindsNotMade(settings: PublishSettings, isTag: boolean): NotMade[] {
  const made = new Set(kindsForRun(settings, isTag));
  const reasons: Readonly<Record<PublishKind, string>> = {
    latest: 'a tag run makes no Latest release (Latest and Numbered come from branch runs)',
    numbered: 'a tag run makes no Numbered release (Latest and Numbered come from branch runs)',
    tag: 'not a tag run and no release-tag given',
  };
  return (['numbered', 'latest', 'tag'] as const)
    .filter((k) => settings.kinds.has(k) && !made.has(k))
    .map((kind) => ({ kind, reason: reasons[kind] }));
}

/** The release a Tag release would meet at its tag: the published one, or with `append` a person's draft. */
function existingAt(
  kind: PublishKind,
  finalTag: string,
  settings: PublishSettings,
  releases: readonly ReleaseSummary[],
): ReleaseSummary | undefined {
  const published = releases.find((r) => r.tagName === finalTag && !r.draft);
  if (published || kind !== 'tag' || settings.tagExisting !== 'append') return published;
  // Several drafts may share a tag; the newest is the one a person is preparing.
  return releases
    .filter((r) => r.tagName === finalTag && r.draft && r.marker === undefined)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
}

export function buildTargets(
  settings: PublishSettings,
  context: RunContext,
  identity: RunIdentity,
  releases: readonly ReleaseSummary[],
  table: string | undefined,
  now: Date,
  changes: Readonly<Partial<Record<PublishKind, string>>> = {},
): PublishTarget[] {
  const tag = tagFor(settings, identity);
  const branch = identity.isTag ? undefined : identity.branchOrTag;
  const facts: ContentFacts = {
    repository: `${context.repository.owner}/${context.repository.repo}`,
    serverUrl: context.serverUrl,
    branch: branch ?? '',
    tag: tag ?? '',
    runId: context.runId,
    runNumber: context.runNumber,
    runAttempt: context.runAttempt,
    sha: context.sha,
    now,
  };
  return kindsForRun(settings, identity.isTag).map((kind) => {
    const names = kind === 'tag' ? { tag: tag as string } : { branch: branch as string };
    const parts = { kind, prefix: settings.tagPrefix, runNumber: context.runNumber, ...names };
    const finalTag = finalTagName(parts);
    const marker: Marker = {
      v: 1,
      kind,
      workflowId: identity.workflowId,
      ...names,
      runId: context.runId,
      runNumber: context.runNumber,
      runAttempt: context.runAttempt,
      sha: context.sha,
    };
    const look = settings.looks[kind];
    const content = releaseContent(kind, look, facts, table, marker, changes[kind]);
    return {
      kind,
      finalTag,
      incompleteTag: incompleteTagName({ ...parts, incompletePrefix: settings.incompletePrefix }),
      marker,
      name: content.name,
      body: content.body,
      bodyWith: (actual: string | undefined) => releaseContent(kind, look, facts, actual, marker, changes[kind]).body,
      look,
      existing: existingAt(kind, finalTag, settings, releases),
    };
  });
}
