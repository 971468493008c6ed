/**
 * mode: cleanup — removes stored items and incomplete drafts that no unfinished run still needs
 * (SPEC §3.6, §4). Acts only on drafts carrying this workflow's marker.
 */
import type { Deps } from '../deps.ts';
import type { CleanupSettings } from '../settings.ts';
import type { ReleasesApi } from '../github/releases-api.ts';
import { isStatus } from '../github/api-errors.ts';
import { resolveJobId } from '../github/job-identity.ts';
import { planCleanup, type CleanupItem } from '../planning/cleanup-plan.ts';
import { markdownTable } from '../planning/format.ts';
import type { ReleaseSummary, RunSummary } from '../planning/types.ts';
import { toSummary } from '../publish/targets.ts';
import type { ModeResult } from './result.ts';

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

async function deleteAll(api: ReleasesApi, items: readonly CleanupItem[], deps: Deps): Promise<CleanupItem[]> {
  const done: CleanupItem[] = [];
  for (const item of items) {
    await api.deleteRelease(item.release.id);
    deps.log.info(`Deleted ${item.reason}.`);
    done.push(item);
  }
  return done;
}

function result(deleted: readonly CleanupItem[], note: string): ModeResult {
  const rows = deleted.map((d) => [`\`${d.release.tagName}\``, d.reason]);
  const summary = ['### CI Release Publisher: cleanup', note, rows.length > 0 ? markdownTable(['Draft', 'Why it went'], rows) : ''].filter(Boolean).join('\n\n');
  return { outputs: { deleted: JSON.stringify(deleted.map((d) => d.release.tagName)) }, summary: `${summary}\n` };
}

export async function cleanup(settings: CleanupSettings, deps: Deps): Promise<ModeResult> {
  const { context } = deps;
  if (settings.ifRunFailing) {
    const jobs = await deps.runs.listJobs(context.runId);
    if (!jobs.some((j) => j.conclusion !== null && FAILED.includes(j.conclusion))) {
      const note = 'No job of this run has failed: nothing removed (if-run-failing).';
      deps.log.info(note);
      return result([], note);
    }
  }
  const run = await deps.runs.getRun(context.runId);
  const jobId = settings.scopes.has('current-job') ? await resolveJobId(settings.jobId, context, deps.runs) : settings.jobId;
  const current = { workflowId: run.workflowId, runId: context.runId, ...(jobId !== undefined ? { jobId } : {}) };
  const deleted: CleanupItem[] = [];
  // Incomplete drafts live in the publish target; stored items (releases backend) in the source.
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
  const note = deleted.length === 0 ? 'Nothing to remove.' : `Removed ${deleted.length} draft(s).`;
  return result(deleted, note);
}
