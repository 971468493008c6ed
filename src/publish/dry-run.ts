/**
 * What a dry run shows (SPEC §6): the releases it would create, replace or append to, the tags it
 * would move, and what retention would delete. Built from the facts the real run reads first; nothing
 * is written.
 */
import type { GateDecision } from '../planning/publish-gate.ts';
import { selectRetention } from '../planning/retention.ts';
import type { ReleaseSummary } from '../planning/types.ts';
import type { PublishSettings } from '../settings.ts';
import type { PlannedRelease } from './summary.ts';
import type { PublishTarget, RunIdentity } from './targets.ts';

export interface DryRunPlan {
  readonly releases: PlannedRelease[];
  /** e.g. `ci-main-latest → 0123456` */
  readonly tagMoves: string[];
  /** Tags of the Numbered releases (and their tags) retention would delete. */
  readonly retention: string[];
  /** What the log says, one line each. */
  readonly lines: string[];
}

export function dryRunPlan(
  plan: readonly { readonly target: PublishTarget; readonly decision: GateDecision }[],
  fileCount: number,
  settings: PublishSettings,
  identity: RunIdentity,
  releases: readonly ReleaseSummary[],
  facts: { readonly sha: string; readonly runNumber: number; readonly sameRepository: boolean; readonly now: Date },
): DryRunPlan {
  const planned: PlannedRelease[] = [];
  const tagMoves: string[] = [];
  const lines: string[] = [];
  let numbered: PublishTarget | undefined;
  for (const { target, decision } of plan) {
    if (decision.action !== 'publish') continue;
    const action = decision.append
      ? `append ${fileCount} files to release ${decision.append.id}`
      : decision.replace
        ? `replace release ${decision.replace.id}`
        : 'create';
    planned.push({ kind: target.kind, tag: target.finalTag, action });
    const verb = decision.append ? `${action} for` : decision.replace ? `${action} with` : action;
    lines.push(
      `[dry-run] would ${verb} ${target.kind} release ${target.finalTag}${decision.append ? '' : ` with ${fileCount} assets via draft ${target.incompleteTag}`}.`,
    );
    // A Tag release's git tag is the user's and never moves; ours go to this run's commit.
    if (target.kind !== 'tag') {
      const at =
        target.look.targetCommitish ||
        (facts.sameRepository ? facts.sha.slice(0, 7) : "the target repository's default branch");
      tagMoves.push(`${target.finalTag} → ${at}`);
    }
    if (target.kind === 'numbered') numbered = target;
  }
  let retention: string[] = [];
  if (numbered !== undefined) {
    // The new release counts towards numbered-keep-count, as it will once published.
    const planned: ReleaseSummary = {
      id: -1,
      tagName: numbered.finalTag,
      draft: false,
      prerelease: false,
      createdAt: facts.now.toISOString(),
      publishedAt: facts.now.toISOString(),
      immutable: false,
      marker: numbered.marker,
    };
    retention = selectRetention({
      releases: [...releases.filter((r) => r.tagName !== numbered.finalTag), planned],
      workflowId: identity.workflowId,
      branch: identity.branchOrTag,
      keepCount: settings.numberedKeepCount,
      keepAgeSeconds: settings.numberedKeepAgeSeconds,
      now: facts.now,
      ownRunNumber: facts.runNumber,
    }).map((r) => r.tagName);
  }
  for (const move of tagMoves) lines.push(`[dry-run] would move tag ${move}.`);
  if (retention.length > 0)
    lines.push(`[dry-run] retention would delete the releases and tags ${retention.join(', ')}.`);
  return { releases: planned, tagMoves, retention, lines };
}
