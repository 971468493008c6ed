/**
 * The go/no-go for one release kind of one run, from facts fetched just before: may it publish,
 * must it skip, or must the whole step fail before any write (SPEC §3.2, §3.4, §3.5, §3.7)?
 */
import { decideLatest, decideTag, type SelfRun, type TagExistingChoice } from './latest.ts';
import type { PublishKind, ReleaseSummary, RunSummary } from './types.ts';

export type GateDecision =
  | { readonly action: 'publish'; readonly replace: ReleaseSummary | undefined; readonly append?: ReleaseSummary }
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

export interface GateInput {
  readonly kind: PublishKind;
  readonly finalTag: string;
  readonly self: SelfRun;
  /** The published release now at the final tag (with `append`, for Tag, also a draft for the tag). */
  readonly existing: ReleaseSummary | undefined;
  /** Runs of this workflow on this branch (or for this tag), newest first. */
  readonly runs: readonly RunSummary[];
  readonly latestEvents: readonly string[];
  readonly tagExisting: TagExistingChoice;
  /** The target repository makes published releases immutable. */
  readonly immutable: boolean;
  /** A git tag of that name exists now (without or with a release). */
  readonly tagExists: boolean;
}

const IMMUTABLE_REMEDY =
  'publish to a separate repository without immutable releases (inputs repository and release-token), or publish Numbered releases only (latest: false)';

function decideNumbered(input: GateInput): GateDecision {
  const { existing, self } = input;
  if (existing === undefined) return { action: 'publish', replace: undefined };
  const m = existing.marker;
  if (
    m?.kind === 'numbered' &&
    m.workflowId === self.workflowId &&
    m.branch === self.branch &&
    m.runNumber === self.runNumber
  ) {
    // A re-run replaces the release of its own number.
    return { action: 'publish', replace: existing };
  }
  return {
    action: 'fail',
    reason: `the release at tag ${input.finalTag} was not made by this workflow's run #${self.runNumber} on '${self.branch}', so it is never replaced; delete it or choose another tag-prefix`,
  };
}

function decideKind(input: GateInput): GateDecision {
  switch (input.kind) {
    case 'latest': {
      const d = decideLatest({
        self: input.self,
        current: input.existing,
        runs: input.runs,
        latestEvents: input.latestEvents,
      });
      if (d.action === 'publish') return { action: 'publish', replace: input.existing };
      return d.action === 'skip' ? { action: 'skip', reason: d.reason } : { action: 'fail', reason: d.reason };
    }
    case 'numbered':
      return decideNumbered(input);
    case 'tag': {
      const d = decideTag({
        self: input.self,
        tag: input.finalTag,
        existing: input.existing,
        tagExisting: input.tagExisting,
        runs: input.runs,
      });
      if (d.action !== 'publish') return d;
      return d.append
        ? { action: 'publish', replace: undefined, append: d.append }
        : { action: 'publish', replace: d.replace };
    }
  }
}

/**
 * Decides one kind. On an immutable repository, replacing a published release or reusing a tag
 * name that exists is refused before anything is written: the tag name would be burned for good.
 */
export function gate(input: GateInput): GateDecision {
  const decision = decideKind(input);
  if (decision.action !== 'publish' || !input.immutable) return decision;
  if (input.kind === 'latest') {
    // Published once, a Latest release on an immutable repository could never be updated again.
    return {
      action: 'fail',
      reason: `${input.kind} release ${input.finalTag} ${decision.replace !== undefined ? 'would replace a published release' : 'could be published once and never updated again'}, but the target repository has immutable releases: ${IMMUTABLE_REMEDY}`,
    };
  }
  if (decision.replace !== undefined) {
    return {
      action: 'fail',
      reason: `${input.kind} release ${input.finalTag} would replace a published release, but the target repository has immutable releases: ${IMMUTABLE_REMEDY}`,
    };
  }
  if (input.tagExists && input.kind !== 'tag') {
    return {
      action: 'fail',
      reason: `${input.kind} release ${input.finalTag} would reuse an existing tag name, but the target repository has immutable releases (a used tag name can never be published again): ${IMMUTABLE_REMEDY}`,
    };
  }
  return decision;
}
