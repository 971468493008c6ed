/**
 * mode: cleanup — removes stored items and incomplete drafts that no unfinished run still needs
 * (SPEC §3.6, §4). Acts only on drafts carrying this workflow's marker, and on artifacts named
 * `crp-<runId>-<jobId>` whose run the runs API reports as this workflow's.
 *
 * Scopes: `current-run` = anything of this run (any attempt); `previous-runs` = other runs that are
 * completed (or deleted, for drafts); `current-job` = stored items of this job only. Incomplete
 * drafts made by `publish` carry no job id in their marker (one publishing job per run makes them),
 * so `current-job` never reaches them: use `current-run` for those.
 * Stored items on the artifacts backend: see cleanup-artifacts.ts (earlier runs need `actions: write`).
 */
import type { Deps } from '../ports.ts';
import type { CleanupSettings } from '../settings.ts';
import type { ReleasesApi } from '../ports.ts';
import { isStatus } from '../github/api-errors.ts';
import { identifyJob } from '../store/job-identity.ts';
import { planCleanup, type CleanupItem } from '../planning/cleanup-plan.ts';
import { markdownTable } from '../planning/format.ts';
import type { ReleaseSummary, RunSummary } from '../planning/types.ts';
import { toSummary } from '../publish/targets.ts';
import type { ModeResult } from './result.ts';
import { preflight } from '../preflight/index.ts';
import { resolveBackend } from '../store/index.ts';
import { cleanupArtifacts, type DeletedItem } from './cleanup-artifacts.ts';

const FAILED = ['failure', 'cancelled', 'timed_out'];

/** Looks up each run a candidate names; a run the API no longer knows (404) is left out: deleted. */
async function runsOf(releases: readonly ReleaseSummary[], deps: Deps): Promise<Map<number, RunSummary>> {
  const ids = new Set(releases.filter((r) => r.draft && r.marker).map((r) => r.marker!.runId));
  const runs = new Map<number, RunSummary>();
  for (const id of ids) {
    try {
      runs.set(id, await deps.runs.getRun(id));
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
  }
  return runs;
}

async function deleteAll(api: ReleasesApi, items: readonly CleanupItem[], deps: Deps): Promise<DeletedItem[]> {
  const done: DeletedItem[] = [];
  for (const item of items) {
    // Already gone (another cleanup got there first) is not an error, and not reported as ours.
    if (!(await api.deleteRelease(item.release.id))) continue;
    deps.log.info(`Deleted ${item.reason}.`);
    done.push({ name: item.release.tagName, what: 'draft', reason: item.reason });
  }
  return done;
}

function result(deleted: readonly DeletedItem[], note: string): ModeResult {
  const rows = deleted.map((d) => [`\`${d.name}\``, d.what === 'draft' ? 'draft release' : 'artifact', d.reason]);
  const summary = [
    '### CI Release Publisher: cleanup',
    note,
    rows.length > 0 ? markdownTable(['Removed', 'Kind', 'Why it went'], rows) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { outputs: { deleted: JSON.stringify(deleted.map((d) => d.name)) }, summary: `${summary}\n` };
}

/**
 * `@actions/artifact` (current run) and the REST API with `token` (earlier runs) come from `deps`,
 * built only when the artifacts backend is in use.
 */
export async function cleanup(settings: CleanupSettings, deps: Deps): Promise<ModeResult> {
  const { context } = deps;
  await preflight(settings, deps);
  if (settings.ifRunFailing) {
    const jobs = await deps.runs.listJobs(context.runId);
    if (!jobs.some((j) => j.conclusion !== null && FAILED.includes(j.conclusion))) {
      const note = 'No job of this run has failed: nothing removed (if-run-failing).';
      deps.log.info(note);
      return result([], note);
    }
  }
  const run = await deps.runs.getRun(context.runId);
  const jobId =
    settings.scopes.has('current-job') && settings.jobId === undefined
      ? (await identifyJob(undefined, context, deps.runs, deps.log)).jobId
      : settings.jobId;
  const current = { workflowId: run.workflowId, runId: context.runId, ...(jobId !== undefined ? { jobId } : {}) };
  const deleted: DeletedItem[] = [];
  // Incomplete drafts live in the publish target; stored items (releases backend) in the source.
  // Stored drafts are looked for whatever the backend: a store step may have chosen `releases`.
  const sameRepository = deps.releases === deps.sourceReleases;
  const places: { api: ReleasesApi; what: Set<'store' | 'incomplete'> }[] = sameRepository
    ? [{ api: deps.releases, what: new Set(settings.what) }]
    : [
        { api: deps.releases, what: new Set([...settings.what].filter((w) => w === 'incomplete')) },
        { api: deps.sourceReleases, what: new Set([...settings.what].filter((w) => w === 'store')) },
      ];
  for (const place of places) {
    if (place.what.size === 0) continue;
    const releases = (await place.api.listReleases()).map(toSummary);
    const items = planCleanup({
      releases,
      runs: await runsOf(releases, deps),
      current,
      scopes: settings.scopes,
      what: place.what,
      incompletePrefix: settings.incompletePrefix,
    });
    deleted.push(...(await deleteAll(place.api, items, deps)));
  }
  if (settings.what.has('store') && resolveBackend(settings.backend, context.serverUrl) === 'artifacts') {
    const artifactPorts = { client: deps.artifactClient, rest: deps.repoArtifacts };
    deleted.push(
      ...(await cleanupArtifacts(
        settings.scopes,
        { workflowId: run.workflowId, runId: context.runId, jobId },
        artifactPorts,
        deps.runs,
        deps.log,
      )),
    );
  }
  const note = deleted.length === 0 ? 'Nothing to remove.' : `Removed ${deleted.length} item(s).`;
  return result(deleted, note);
}
