/**
 * runPost(): the action's post step. If `store` saved an item and the job failed or was cancelled
 * after it, the item is deleted so no later `collect` or re-run picks up a failed job's files
 * (SPEC §3.6). Best effort: warnings only, never fails the job; a no-op when nothing was stored.
 */
import * as core from '@actions/core';
import { State } from './constants.ts';
import { createDeps } from './deps.ts';
import { readRunContext } from './github/context.ts';
import { redact } from './github/api-errors.ts';
import { getSettings } from './inputs/index.ts';
import type { StoredItemRef } from './store/artifact-store.ts';
import { createStore } from './store/index.ts';
import { judgeJob } from './store/job-outcome.ts';
import type { Deps, JobSteps } from './ports.ts';

function parseRef(saved: string): StoredItemRef {
  const ref = JSON.parse(saved) as StoredItemRef;
  if (
    (ref.backend !== 'artifacts' && ref.backend !== 'releases') ||
    !Number.isSafeInteger(ref.id) ||
    typeof ref.name !== 'string'
  ) {
    throw new Error(`unreadable saved state '${saved}'`);
  }
  return ref;
}

/** The job with its steps, or undefined when the token may not read it (best effort). */
async function readJob(deps: Deps, jobId: number): Promise<JobSteps | undefined> {
  try {
    return await deps.runs.getJobSteps(jobId);
  } catch (error) {
    core.debug(`Could not read job ${jobId}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export async function runPost(): Promise<void> {
  const saved = core.getState(State.StoredItem);
  if (saved === '') return;
  try {
    const ref = parseRef(saved);
    const context = readRunContext();
    const settings = getSettings((name) => core.getInput(name), {
      currentRepository: context.repository,
      workspace: context.workspace,
    });
    const deps = createDeps(settings, context);
    const outcome = judgeJob(await readJob(deps, ref.jobId));
    if (!outcome.failed) {
      core.info(`Keeping stored item ${ref.name}: ${outcome.reason}.`);
      return;
    }
    const backend = await createStore(ref.backend, deps, settings);
    const removed = await backend.remove(ref);
    core.info(
      removed
        ? `Removed stored item ${ref.name} because ${outcome.reason}.`
        : `Stored item ${ref.name} was already gone.`,
    );
  } catch (error) {
    core.warning(
      redact(
        `Could not remove this job's stored item (${saved}); 'cleanup' can remove it later: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
}
