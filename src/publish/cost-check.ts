/**
 * The plan's cost in GitHub's budgets, counted before the first write (SPEC §8): a plan the token's
 * remaining primary budget cannot cover fails here, having written nothing; otherwise the cost (and,
 * over the secondary limits' burst, the least time pacing makes it take) is logged and returned for the
 * summary and dry-run.
 */
import type { Deps } from '../ports.ts';
import { BudgetError } from '../errors.ts';
import {
  budgetRefusal,
  describeCost,
  GITHUB_SECONDARY,
  planCost,
  type Cost,
  type PrimaryBudget,
} from '../planning/budget.ts';
import { selectRetention } from '../planning/retention.ts';
import type { GateDecision } from '../planning/publish-gate.ts';
import type { ReleaseSummary } from '../planning/types.ts';
import type { PublishSettings } from '../settings.ts';
import type { PublishTarget, RunIdentity } from './targets.ts';

export interface CostPlan {
  readonly plan: readonly { readonly target: PublishTarget; readonly decision: GateDecision }[];
  readonly assets: number;
  readonly releases: readonly ReleaseSummary[];
  readonly identity: RunIdentity;
  /** The release token's remaining primary budget, read with the facts. */
  readonly budget: PrimaryBudget | undefined;
}

/** What this publish costs from here on (pure given the plan and the releases already there). */
export function costOf(p: CostPlan, settings: PublishSettings, deps: Deps): Cost {
  const written = p.plan.filter(({ decision }) => decision.action === 'publish');
  const numbered = written.some(({ target }) => target.kind === 'numbered');
  const retentionDeletes = numbered
    ? selectRetention({
        releases: p.releases,
        workflowId: p.identity.workflowId,
        branch: p.identity.branchOrTag,
        keepCount: settings.numberedKeepCount,
        keepAgeSeconds: settings.numberedKeepAgeSeconds,
        now: deps.now(),
        ownRunNumber: deps.context.runNumber,
      }).length + 1 // the new release counts towards keep-count: one more may go
    : 0;
  return planCost({
    releases: written.length,
    replacing: written.filter(({ decision }) => decision.action === 'publish' && decision.replace !== undefined).length,
    ownTags: written.filter(({ target }) => target.kind !== 'tag').length,
    assets: p.assets,
    existingReleases: p.releases.length,
    retentionDeletes,
    statuses: settings.commitStatus && settings.releaseToken === settings.token ? 2 * p.plan.length : 0,
  });
}

/**
 * Throws {@link BudgetError} when the release token's budget cannot cover the plan; otherwise the
 * cost and the line that says it (logged here).
 */
export function checkCost(p: CostPlan, settings: PublishSettings, deps: Deps): { line: string; cost: Cost } {
  const cost = costOf(p, settings, deps);
  const budget = p.budget;
  const refusal = budget === undefined ? undefined : budgetRefusal(cost, budget, deps.now().getTime());
  if (refusal !== undefined && !settings.dryRun) throw new BudgetError(refusal);
  const line = describeCost(cost, budget, deps.pacing?.figures ?? GITHUB_SECONDARY);
  deps.log.info(settings.dryRun ? `[dry-run] ${line}` : line);
  if (refusal !== undefined) deps.log.warning(`[dry-run] ${refusal}`);
  return { line: refusal === undefined ? line : `${line} ${refusal}`, cost };
}
