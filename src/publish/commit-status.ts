/**
 * `commit-status`: one commit status per release kind on the source commit, posted with `token`
 * (the source repository's token), so a cross-repository `release-token` needs nothing on the
 * source (SPEC §4). Context `ci-release-publisher/<kind>`.
 */
import type { Deps } from '../ports.ts';
import type { CommitStatus } from '../ports.ts';
import type { PublishKind } from '../planning/types.ts';
import type { Outcome } from './writer.ts';

export const STATUS_CONTEXT_PREFIX = 'ci-release-publisher';
/** GitHub refuses longer descriptions (422). */
const MAX_DESCRIPTION = 140;

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** "skipped: a newer run #N will publish" when a newer run blocks; otherwise the gate's reason. */
export function skippedDescription(reason: string): string {
  const newer = /a newer run #(\d+)/.exec(reason);
  return clip(newer ? `skipped: a newer run #${newer[1]} will publish` : `skipped: ${reason}`);
}

/**
 * The statuses to post: an outcome per kind that has one; `failure` for every planned kind without
 * one when publishing failed (kinds already published keep their success).
 */
export function statusesFor(
  kinds: readonly PublishKind[],
  outcomes: readonly Outcome[],
  failed: string | undefined,
  runUrl: string,
): CommitStatus[] {
  return kinds.map((kind) => {
    const context = `${STATUS_CONTEXT_PREFIX}/${kind}`;
    const outcome = outcomes.find((o) => o.kind === kind);
    if (outcome?.status === 'published')
      return { state: 'success', context, targetUrl: outcome.url, description: clip(`published ${outcome.tag}`) };
    if (outcome?.status === 'skipped')
      return { state: 'success', context, targetUrl: runUrl, description: skippedDescription(outcome.reason) };
    return {
      state: 'failure',
      context,
      targetUrl: runUrl,
      description: clip(`publishing failed: ${failed ?? 'see the run log'}`),
    };
  });
}

/**
 * `pending` for every kind, before the first release write: the first write of its kind, so a
 * token without statuses: write is found before anything else changes, and each is replaced by
 * the kind's final status. Throws `refusal(error)` when GitHub refuses.
 */
export async function postPending(
  deps: Deps,
  kinds: readonly PublishKind[],
  runUrl: string,
  refusal: (error: unknown) => unknown,
): Promise<void> {
  for (const kind of kinds) {
    const status: CommitStatus = {
      state: 'pending',
      context: `${STATUS_CONTEXT_PREFIX}/${kind}`,
      targetUrl: runUrl,
      description: 'publishing',
    };
    await deps.runs.createCommitStatus(deps.context.sha, status).catch((error: unknown) => {
      throw refusal(error);
    });
  }
}

/**
 * Posts the statuses. A status that cannot be posted is a warning, not a failure: the releases
 * are already published (or the step fails anyway), and failing here would invite a re-run.
 */
export async function postStatuses(deps: Deps, statuses: readonly CommitStatus[]): Promise<void> {
  for (const status of statuses) {
    try {
      await deps.runs.createCommitStatus(deps.context.sha, status);
      deps.log.info(`Commit status ${status.context}: ${status.state} (${status.description}).`);
    } catch (error) {
      deps.log.warning(
        `Could not post commit status ${status.context}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
