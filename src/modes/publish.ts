/**
 * mode: publish — the Latest, Numbered and Tag releases of this run (SPEC §2–§6), race-free:
 * every decision is re-made from fresh facts right before the swap.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../deps.ts';
import { BudgetError, ConflictError, InputError } from '../errors.ts';
import type { PublishSettings } from '../settings.ts';
import { Inputs } from '../constants.ts';
import { checkFiles, checkBody } from '../planning/limits.ts';
import { sha256SumsFile } from '../planning/format.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import { checksumTable } from '../planning/release-content.ts';
import { gate, type GateDecision } from '../planning/publish-gate.ts';
import { selectLeftoverDrafts, selectRetention } from '../planning/retention.ts';
import { selectResumableDraft } from '../planning/resume.ts';
import type { ReleaseData } from '../github/releases-api.ts';
import type { ReleaseSummary, RunSummary } from '../planning/types.ts';
import type { RunDetails } from '../github/runs-api.ts';
import { describeFiles, findFiles, sha256File } from '../publish/local-files.ts';
import { buildTargets, kindsForRun, toSummary, type PublishTarget, type RunIdentity } from '../publish/targets.ts';
import { postStatuses, statusesFor } from '../publish/commit-status.ts';
import { PermissionError, preflight } from '../preflight/index.ts';
import { redact } from '../github/api-errors.ts';
import { writeRelease, type Outcome } from '../publish/writer.ts';
import { publishOutputs, publishSummary, type PlannedRelease } from '../publish/summary.ts';
import type { AssetFile } from '../publish/uploader.ts';
import type { ModeResult } from './result.ts';
import { checkCost } from '../publish/cost-check.ts';

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
const CHECKSUMS_NAME = 'SHA256SUMS';

/** The files to publish plus, with checksums on, a SHA256SUMS file written to the runner's temp dir. */
async function gatherFiles(settings: PublishSettings, deps: Deps): Promise<{ files: AssetFile[]; table: string | undefined }> {
  // Without checksums nothing needs the digests before the uploads: each is computed beside its upload.
  const files = await describeFiles(await findFiles(Inputs.Path, settings.patterns, deps.context.workspace), { hash: settings.checksums || settings.dryRun });
  const problems = checkFiles(files, { extraAssetNames: settings.checksums ? [CHECKSUMS_NAME] : [] });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  if (!settings.checksums) return { files, table: undefined };
  // Under the names GitHub gives the assets, so `sha256sum -c SHA256SUMS` works on the downloads.
  const named = files.map((f) => ({ ...f, name: sanitizeAssetName(f.name) }));
  const directory = await mkdtemp(join(deps.context.tempDir, 'crp-'));
  const path = join(directory, CHECKSUMS_NAME);
  const sumsText = sha256SumsFile(named);
  await writeFile(path, sumsText);
  const sums = { path, name: CHECKSUMS_NAME, size: Buffer.byteLength(sumsText), sha256: await sha256File(path) };
  return { files: [...files, sums], table: checksumTable(named) };
}

/** Runs of this workflow for this branch or tag that are newer than this one (all a decision needs). */
async function newerRuns(deps: Deps, identity: RunIdentity): Promise<RunSummary[]> {
  return deps.runs.listWorkflowRuns(identity.workflowId, identity.ref, deps.context.runNumber);
}

async function decide(target: PublishTarget, settings: PublishSettings, deps: Deps, identity: RunIdentity, immutable: boolean, fresh: boolean): Promise<GateDecision> {
  const existing = fresh ? (await deps.releases.getReleaseByTag(target.finalTag)) : undefined;
  const runs = target.kind === 'numbered' ? [] : await newerRuns(deps, identity);
  const tagExists = immutable && target.kind !== 'tag' ? (await deps.releases.getTagSha(target.finalTag)) !== undefined : false;
  return gate({
    kind: target.kind,
    finalTag: target.finalTag,
    self: { runId: deps.context.runId, runNumber: deps.context.runNumber, workflowId: identity.workflowId, branch: identity.ref },
    existing: fresh ? (existing && toSummary(existing)) : target.existing,
    runs,
    latestEvents: settings.latestEvents,
    forceRecreate: settings.tagForceRecreate,
    immutable,
    tagExists,
  });
}

/**
 * After every release is written: one listing for retention (when Numbered was published) and for
 * drafts this step created twice (a creation retried after its answer was lost). Returns the tags
 * retention removed.
 */
async function tidyUp(settings: PublishSettings, deps: Deps, identity: RunIdentity, targets: readonly PublishTarget[], numberedPublished: boolean): Promise<string[]> {
  const releases = (await deps.releases.listReleases()).map(toSummary);
  const leftovers = selectLeftoverDrafts({ releases, incompleteTags: targets.map((t) => t.incompleteTag), runId: deps.context.runId, runAttempt: deps.context.runAttempt });
  for (const draft of leftovers) {
    await deps.releases.deleteRelease(draft.id);
    deps.log.info(`Removed draft ${draft.tagName} (release ${draft.id}), created twice when GitHub's first answer was lost.`);
  }
  if (!numberedPublished) return [];
  const doomed = selectRetention({
    releases,
    workflowId: identity.workflowId,
    branch: identity.ref,
    keepCount: settings.numberedKeepCount,
    keepAgeSeconds: settings.numberedKeepAgeSeconds,
    now: deps.now(),
    protectRunNumber: deps.context.runNumber,
  });
  const deleted: string[] = [];
  for (const release of doomed) {
    await deps.releases.deleteRelease(release.id);
    await deps.releases.deleteTag(release.tagName);
    deleted.push(release.tagName);
  }
  if (deleted.length > 0) deps.log.info(`Retention removed ${deleted.join(', ')}.`);
  return deleted;
}

/** What the first plan is made from: this run, the target's releases, whether they are immutable. */
interface Facts {
  readonly run: RunDetails;
  readonly releases: ReleaseSummary[];
  /** The same releases as GitHub gave them (a resumed draft needs its upload URL). */
  readonly listed: ReleaseData[];
  readonly immutable: boolean;
}

/** Three independent reads, asked at once (each a round trip before the first upload). */
async function readFacts(deps: Deps): Promise<Facts> {
  const [run, listed, immutableSetting] = await Promise.all([
    deps.runs.getRun(deps.context.runId),
    deps.releases.listReleases(),
    deps.releases.immutableReleasesEnabled(),
  ]);
  const releases = listed.map(toSummary);
  return { run, releases, listed, immutable: immutableSetting || releases.some((r) => r.immutable) };
}

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** Plans, checks and writes each release of this run; `outcomes` fills as releases finish. */
async function publishTargets(
  settings: PublishSettings,
  deps: Deps,
  files: AssetFile[],
  table: string | undefined,
  facts: PromiseSettledResult<Facts>,
  outcomes: Outcome[],
  planned: PlannedRelease[],
  beforeWrites: () => Promise<void>,
  costs: string[],
): Promise<string[]> {
  const { context } = deps;
  const { run, releases, listed, immutable } = valueOf(facts);
  const identity: RunIdentity = { workflowId: run.workflowId, ref: context.refName, isTag: context.refType === 'tag' };
  const targets = buildTargets(settings, context, identity, releases, table, deps.now());
  for (const target of targets) {
    const problem = checkBody(target.body, `${target.kind}-body`);
    if (problem) throw new InputError(problem);
  }
  if (targets.length === 0) {
    deps.log.notice(`Nothing to publish: this is a ${identity.isTag ? 'tag' : 'branch'} run and the matching kinds are off.`);
  }

  // First decisions, before any write: a failure here leaves GitHub untouched.
  const plan = [];
  for (const target of targets) {
    const decision = await decide(target, settings, deps, identity, immutable, false);
    if (decision.action === 'fail') throw new ConflictError(`Cannot publish ${target.kind} release ${target.finalTag}: ${decision.reason}.`);
    plan.push({ target, decision });
  }
  const sameRepository = settings.repository.owner === context.repository.owner && settings.repository.repo === context.repository.repo;
  let deleted: string[] = [];
  // Another repository: the tag goes on its default branch unless `<kind>-target-commitish` says otherwise.
  const defaultCommitish = sameRepository ? context.sha : settings.dryRun ? undefined : await deps.releases.defaultBranch();
  if (plan.length > 0) costs.push(await checkCost({ plan, assets: files.length, releases, identity }, settings, deps));
  if (!settings.dryRun) await beforeWrites();
  for (const { target, decision } of plan) {
    if (decision.action === 'skip') {
      deps.log.notice(`Skipping ${target.kind} release ${target.finalTag}: ${decision.reason}.`);
      outcomes.push({ kind: target.kind, status: 'skipped', tag: target.finalTag, reason: decision.reason });
      continue;
    }
    if (settings.dryRun) {
      const verb = decision.action === 'publish' && decision.replace ? `replace release ${decision.replace.id}` : 'create';
      deps.log.info(`[dry-run] would ${verb} ${target.kind} release ${target.finalTag} with ${files.length} assets via draft ${target.incompleteTag}.`);
      planned.push({ kind: target.kind, tag: target.finalTag, action: verb });
      continue;
    }
    const resumable = selectResumableDraft({ releases, incompleteTag: target.incompleteTag, kind: target.kind, runId: context.runId, runAttempt: context.runAttempt });
    const resume = listed.find((r) => r.id === resumable?.id);
    const outcome = await writeRelease(target, files, deps, {
      ...(resume ? { resume } : {}),
      concurrency: settings.concurrency,
      targetCommitish: target.look.targetCommitish || defaultCommitish,
      recheck: () => (target.kind === 'numbered' ? Promise.resolve(decision) : decide(target, settings, deps, identity, immutable, true)),
    });
    outcomes.push(outcome);
  }
  // Retention once Latest is swapped too (it only ever removes older Numbered releases).
  const written = plan.filter(({ decision }) => decision.action !== 'skip');
  if (!settings.dryRun && written.length > 0) {
    const numberedPublished = outcomes.some((o) => o.kind === 'numbered' && o.status === 'published');
    deleted = await tidyUp(settings, deps, identity, written.map(({ target }) => target), numberedPublished);
  }
  return deleted;
}

export async function publish(settings: PublishSettings, deps: Deps): Promise<ModeResult> {
  const { context } = deps;
  if (PULL_REQUEST_EVENTS.includes(context.eventName)) {
    const notice = `Pull-request runs never publish (event '${context.eventName}'): skipped.`;
    deps.log.notice(notice);
    const report = { outcomes: [], deleted: [], files: [], dryRun: settings.dryRun, notice };
    return { outputs: publishOutputs(report), summary: publishSummary(report) };
  }
  // Every token is checked before the first write (reads now, write probes right before the first
  // write, after the read-only refusals); a failure in either posts no status. Nothing here writes,
  // so the files, the read checks and the plan's facts are gathered at once; an input problem is
  // reported first, then a missing permission, then anything else.
  const [gathered, checked, facts] = await Promise.allSettled([gatherFiles(settings, deps), preflight(settings, deps, 'reads'), readFacts(deps)]);
  const { files, table } = valueOf(gathered);
  valueOf(checked);
  const outcomes: Outcome[] = [];
  const planned: PlannedRelease[] = [];
  const statuses = settings.commitStatus && !settings.dryRun;
  const runUrl = `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`;
  const kinds = kindsForRun(settings, context.refType === 'tag');
  let deleted: string[];
  const costs: string[] = [];
  let writing = false;
  const beforeWrites = (): Promise<void> => {
    writing = true;
    return preflight(settings, deps, 'writes');
  };
  try {
    deleted = await publishTargets(settings, deps, files, table, facts, outcomes, planned, beforeWrites, costs);
  } catch (error) {
    // A permission the preflight found missing: nothing was attempted, and no status can say more.
    if (PermissionError.isPermissionError(error)) throw error;
    // A plan the budget cannot cover: refused before the first write, and a status would be one.
    if (BudgetError.isBudgetError(error) && !writing) throw error;
    // The statuses say what happened; the step still fails with the original error.
    if (statuses) await postStatuses(deps, statusesFor(kinds, outcomes, redact(error instanceof Error ? error.message : String(error)), runUrl));
    throw error;
  }
  if (statuses) await postStatuses(deps, statusesFor(kinds, outcomes, undefined, runUrl));
  const report = { outcomes, deleted, files, dryRun: settings.dryRun, planned, ...(costs[0] ? { cost: costs[0] } : {}) };
  return { outputs: publishOutputs(report), summary: publishSummary(report) };
}
