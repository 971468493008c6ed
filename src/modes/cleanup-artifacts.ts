/**
 * `cleanup` of stored items on the Actions-artifacts backend (artifacts named `crp-<runId>-<jobId>`).
 * - This run's items (current-run, current-job): `@actions/artifact` with the runner's runtime token,
 *   which sees only the current run and needs no repository permission.
 * - Earlier runs' items (previous-runs): the REST API with `token`, per run, for this workflow's
 *   latest completed runs only. Deleting needs `actions: write`, which the
 *   §7 minimum for cleanup does not include: without it this part is skipped with a warning (GitHub
 *   also expires artifacts after their retention, so nothing piles up forever).
 */
import type { Logger } from '../ports.ts';
import type { RepoArtifactsApi } from '../ports.ts';
import { isStatus } from '../github/api-errors.ts';
import type { RunsApi } from '../ports.ts';
import type { CleanupScope } from '../planning/cleanup-plan.ts';
import type { ArtifactClientPort } from '../ports.ts';
import { parseItemName } from '../store/artifact-store.ts';

export interface ArtifactCleanupPorts {
  /** `@actions/artifact`'s client (current run), built lazily: it needs the runtime token. */
  readonly client: () => ArtifactClientPort;
  /** REST artifacts of the repository, with `token`. */
  readonly rest: () => RepoArtifactsApi;
}

export interface DeletedItem {
  readonly name: string;
  readonly what: 'draft' | 'artifact';
  readonly reason: string;
}

interface Current {
  readonly workflowId: number;
  readonly runId: number;
  readonly jobId: number | undefined;
}

async function currentRunItems(
  scopes: ReadonlySet<CleanupScope>,
  current: Current,
  ports: ArtifactCleanupPorts,
  log: Logger,
): Promise<DeletedItem[]> {
  const client = ports.client();
  const { artifacts } = await client.listArtifacts({ latest: true });
  const deleted: DeletedItem[] = [];
  for (const artifact of artifacts) {
    const parsed = parseItemName(artifact.name);
    if (parsed === undefined || parsed.runId !== current.runId) continue;
    let reason: string;
    if (scopes.has('current-run')) reason = 'stored files of this run';
    else if (current.jobId !== undefined && parsed.jobId === current.jobId) reason = 'stored files of this job';
    else continue;
    await client.deleteArtifact(artifact.name);
    log.info(`Deleted artifact ${artifact.name}: ${reason}.`);
    deleted.push({ name: artifact.name, what: 'artifact', reason });
  }
  return deleted;
}

/**
 * How many of the workflow's latest completed runs `previous-runs` looks at: cleanup runs in every
 * run, so older leftovers were already removed (or expire with their retention); looking per run
 * costs one listing each, never a page through every artifact of the repository.
 */
export const PREVIOUS_RUNS_LOOKED_AT = 20;

async function previousRunItems(current: Current, ports: ArtifactCleanupPorts, log: Logger): Promise<DeletedItem[]> {
  const rest = ports.rest();
  const finished = (await rest.recentCompletedRuns(current.workflowId, PREVIOUS_RUNS_LOOKED_AT)).filter(
    (r) => r.id !== current.runId,
  );
  const deleted: DeletedItem[] = [];
  for (const run of finished) {
    const reason = `stored files of run #${run.runNumber} (id ${run.id}), which completed${run.conclusion ? ` (${run.conclusion})` : ''}`;
    const items = (await rest.listForRun(run.id, 'crp-')).filter(
      (a) => !a.expired && parseItemName(a.name)?.runId === run.id,
    );
    for (const artifact of items) {
      try {
        if (await rest.remove(artifact.id)) {
          log.info(`Deleted artifact ${artifact.name}: ${reason}.`);
          deleted.push({ name: artifact.name, what: 'artifact', reason });
        }
      } catch (error) {
        if (!isStatus(error, 403)) throw error;
        log.warning(
          `Could not delete stored artifacts of earlier runs: 'token' lacks 'actions: write' (add 'permissions: actions: write' to the cleanup job, or leave them to expire). ${error instanceof Error ? error.message : ''}`.trim(),
        );
        return deleted;
      }
    }
  }
  return deleted;
}

/** Deletes the stored artifacts in the requested scopes. */
export async function cleanupArtifacts(
  scopes: ReadonlySet<CleanupScope>,
  current: Current,
  ports: ArtifactCleanupPorts,
  runs: RunsApi,
  log: Logger,
): Promise<DeletedItem[]> {
  const deleted: DeletedItem[] = [];
  if (scopes.has('current-run') || (scopes.has('current-job') && current.jobId !== undefined)) {
    try {
      deleted.push(...(await currentRunItems(scopes, current, ports, log)));
    } catch (error) {
      // Outside a runner (no runtime token) or a service hiccup the client already retried.
      log.warning(
        `Could not clean up this run's stored artifacts: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (scopes.has('previous-runs')) deleted.push(...(await previousRunItems(current, ports, log)));
  return deleted;
}
