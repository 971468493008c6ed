/**
 * Which releases this run makes and what each looks like: tag names, marker, content, and the
 * release (if any) each would replace. Built from facts fetched once; no writes.
 */
import type { RunContext } from '../github/context.ts';
import type { ReleaseData } from '../github/releases-api.ts';
import { decodeMarker } from '../planning/marker.ts';
import { finalTagName, incompleteTagName } from '../planning/naming.ts';
import { releaseContent, type ContentFacts } from '../planning/release-content.ts';
import type { Marker, PublishKind, ReleaseSummary } from '../planning/types.ts';
import type { PublishSettings, ReleaseLook } from '../settings.ts';

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
  readonly look: ReleaseLook;
  /** The published release now at the final tag, if any. */
  readonly existing: ReleaseSummary | undefined;
}

export interface RunIdentity {
  readonly workflowId: number;
  /** Branch name of a branch run, the bare tag of a tag run. */
  readonly ref: string;
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

/** The kinds this run makes: Tag on tag runs, Latest and Numbered on branch runs, as enabled. */
export function kindsForRun(settings: PublishSettings, isTag: boolean): PublishKind[] {
  const wanted: PublishKind[] = isTag ? ['tag'] : ['numbered', 'latest'];
  return wanted.filter((kind) => settings.kinds.has(kind));
}

export function buildTargets(
  settings: PublishSettings,
  context: RunContext,
  identity: RunIdentity,
  releases: readonly ReleaseSummary[],
  table: string | undefined,
  now: Date,
): PublishTarget[] {
  const facts: ContentFacts = {
    repository: `${context.repository.owner}/${context.repository.repo}`,
    serverUrl: context.serverUrl,
    branch: identity.isTag ? '' : identity.ref,
    tag: identity.isTag ? identity.ref : '',
    runId: context.runId,
    runNumber: context.runNumber,
    runAttempt: context.runAttempt,
    sha: context.sha,
    now,
  };
  return kindsForRun(settings, identity.isTag).map((kind) => {
    const parts = {
      kind,
      prefix: settings.tagPrefix,
      runNumber: context.runNumber,
      ...(identity.isTag ? { tag: identity.ref } : { branch: identity.ref }),
    };
    const finalTag = finalTagName(parts);
    const marker: Marker = {
      v: 1,
      kind,
      workflowId: identity.workflowId,
      ...(identity.isTag ? { tag: identity.ref } : { branch: identity.ref }),
      runId: context.runId,
      runNumber: context.runNumber,
      runAttempt: context.runAttempt,
      sha: context.sha,
    };
    const look = settings.looks[kind];
    const content = releaseContent(kind, look, facts, table, marker);
    return {
      kind,
      finalTag,
      incompleteTag: incompleteTagName({ ...parts, incompletePrefix: settings.incompletePrefix }),
      marker,
      name: content.name,
      body: content.body,
      bodyWith: (actual: string | undefined) => releaseContent(kind, look, facts, actual, marker).body,
      look,
      existing: releases.find((r) => r.tagName === finalTag && !r.draft),
    };
  });
}
