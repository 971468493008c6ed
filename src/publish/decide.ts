/** The go/no-go of one release, from fresh facts when asked right before the swap (SPEC §3.2, §3.5). */
import type { Deps } from '../ports.ts';
import type { PublishSettings } from '../settings.ts';
import { gate, type GateDecision } from '../planning/publish-gate.ts';
import type { RunSummary } from '../planning/types.ts';
import { toSummary, type PublishTarget, type RunIdentity } from './targets.ts';

/** Runs of this workflow for this branch or tag that are newer than this one (all a decision needs). */
export async function newerRuns(deps: Deps, identity: RunIdentity): Promise<RunSummary[]> {
  return deps.runs.listWorkflowRuns(identity.workflowId, identity.branchOrTag, deps.context.runNumber);
}

export async function decide(
  target: PublishTarget,
  settings: PublishSettings,
  deps: Deps,
  identity: RunIdentity,
  immutable: boolean,
  fresh: boolean,
): Promise<GateDecision> {
  const existing = fresh ? await deps.releases.getReleaseByTag(target.finalTag) : undefined;
  const runs = target.kind === 'numbered' ? [] : await newerRuns(deps, identity);
  const tagExists =
    immutable && target.kind !== 'tag' ? (await deps.releases.getTagSha(target.finalTag)) !== undefined : false;
  return gate({
    kind: target.kind,
    finalTag: target.finalTag,
    self: {
      runId: deps.context.runId,
      runNumber: deps.context.runNumber,
      workflowId: identity.workflowId,
      branch: identity.branchOrTag,
    },
    existing: fresh ? existing && toSummary(existing) : target.existing,
    runs,
    latestEvents: settings.latestEvents,
    tagExisting: settings.tagExisting,
    immutable,
    tagExists,
  });
}
