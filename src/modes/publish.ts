/**
 * mode: publish — the Latest, Numbered and Tag releases of this run (SPEC §2–§6), race-free:
 * every decision is re-made from fresh facts right before the swap.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../ports.ts';
import { BudgetError, ConflictError, InputError } from '../errors.ts';
import type { PublishSettings } from '../settings.ts';
import { Inputs } from '../constants.ts';
import { checkFiles, checkBody } from '../planning/limits.ts';
import { sha256SumsFile } from '../planning/format.ts';
import { finalTagName, sanitizeAssetName } from '../planning/naming.ts';
import { checksumTable } from '../planning/release-content.ts';
import { gate, type GateDecision } from '../planning/publish-gate.ts';
import { decideUnchanged } from '../planning/latest.ts';
import { selectLeftoverDrafts, selectRetention } from '../planning/retention.ts';
import { selectResumableDraft } from '../planning/resume.ts';
import type { ReleaseData } from '../ports.ts';
import type { ReleaseSummary, RunSummary } from '../planning/types.ts';
import type { RunDetails } from '../ports.ts';
import { describeFiles, findFiles, sha256File } from '../shared/local-files.ts';
import {
  kindsForRun,
  kindsNotMade,
  buildTargets,
  toSummary,
  type PublishTarget,
  type RunIdentity,
} from '../publish/targets.ts';
import { readChanges } from '../publish/changes.ts';
import { appendToRelease, planAppend, type AppendPlan } from '../publish/append.ts';
import { dryRunPlan, type DryRunPlan } from '../publish/dry-run.ts';
import { publishedAssets, type KindAssets } from '../publish/published-assets.ts';
import { postPending, postStatuses, statusesFor } from '../publish/commit-status.ts';
import { asPermissionRefusal, PermissionError, preflight } from '../preflight/index.ts';
import { redact } from '../github/api-errors.ts';
import { writeRelease, type Checksums, type Outcome } from '../publish/writer.ts';
import { publishOutputs, publishSummary } from '../publish/summary.ts';
import type { AssetFile } from '../publish/uploader.ts';
import type { ModeResult } from './result.ts';
import { checkCost } from '../publish/cost-check.ts';

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
const CHECKSUMS_NAME = 'SHA256SUMS';

/**
 * The files to publish and, with checksums on, the checksum table under the names GitHub is
 * expected to give them (for the body's length check and the dry run; the published table and
 * SHA256SUMS use the names GitHub returns, see {@link checksumsWriter}).
 */
async function gatherFiles(
  settings: PublishSettings,
  deps: Deps,
): Promise<{ files: AssetFile[]; table: string | undefined }> {
  // Without checksums nothing needs the digests before the uploads: each is computed beside its upload.
  const files = await describeFiles(await findFiles(Inputs.Path, settings.patterns, deps.context.workspace), {
    hash: settings.checksums || settings.dryRun || settings.tagExisting === 'append',
  });
  const problems = checkFiles(files, { extraAssetNames: settings.checksums ? [CHECKSUMS_NAME] : [] });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  if (!settings.checksums) return { files, table: undefined };
  const named = files.map((f) => ({ ...f, name: sanitizeAssetName(f.name) }));
  return { files, table: checksumTable(named) };
}

/** With checksums on: SHA256SUMS per release, and the path of the last one written (`checksums-file`). */
interface ChecksumsOnDisk extends Checksums {
  readonly written: () => string;
}

/**
 * SHA256SUMS of the assets as GitHub named them, so `sha256sum -c SHA256SUMS` works on the
 * downloads, written to the runner's temp dir and uploaded after every other asset.
 */
function checksumsWriter(deps: Deps): ChecksumsOnDisk {
  let written = '';
  return {
    async file(assets) {
      const directory = await mkdtemp(join(deps.context.tempDir, 'crp-'));
      const path = join(directory, CHECKSUMS_NAME);
      const sumsText = sha256SumsFile(assets);
      await writeFile(path, sumsText);
      written = path;
      return { path, name: CHECKSUMS_NAME, size: Buffer.byteLength(sumsText), sha256: await sha256File(path) };
    },
    body: (target, assets) => target.bodyWith(checksumTable(assets.filter((a) => a.name !== CHECKSUMS_NAME))),
    written: () => written,
  };
}

/** Runs of this workflow for this branch or tag that are newer than this one (all a decision needs). */
async function newerRuns(deps: Deps, identity: RunIdentity): Promise<RunSummary[]> {
  return deps.runs.listWorkflowRuns(identity.workflowId, identity.branchOrTag, deps.context.runNumber);
}

async function decide(
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

/**
 * After every release is written: one listing for retention (when Numbered was published) and for
 * drafts this step created twice (a creation retried after its answer was lost). Returns the tags
 * retention removed.
 */
async function tidyUp(
  settings: PublishSettings,
  deps: Deps,
  identity: RunIdentity,
  targets: readonly PublishTarget[],
  numberedPublished: boolean,
): Promise<string[]> {
  const releases = (await deps.releases.listReleases()).map(toSummary);
  const leftovers = selectLeftoverDrafts({
    releases,
    incompleteTags: targets.map((t) => t.incompleteTag),
    runId: deps.context.runId,
    runAttempt: deps.context.runAttempt,
  });
  for (const draft of leftovers) {
    await deps.releases.deleteRelease(draft.id);
    deps.log.info(
      `Removed draft ${draft.tagName} (release ${draft.id}), created twice when GitHub's first answer was lost.`,
    );
  }
  if (!numberedPublished) return [];
  const doomed = selectRetention({
    releases,
    workflowId: identity.workflowId,
    branch: identity.branchOrTag,
    keepCount: settings.numberedKeepCount,
    keepAgeSeconds: settings.numberedKeepAgeSeconds,
    now: deps.now(),
    ownRunNumber: deps.context.runNumber,
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
  /** The same releases as GitHub describes them (an appended release is written through its upload_url). */
  readonly listed: ReleaseData[];
  /** Known to be on: stated by `immutable-releases`, read from the setting, or shown by a release. */
  readonly immutable: boolean;
  /** Neither stated nor readable (403 with GITHUB_TOKEN) and no release shows it: check after publishing. */
  readonly immutableUnknown: boolean;
}

/** Independent reads, asked at once (each a round trip before the first upload). */
async function readFacts(settings: PublishSettings, deps: Deps): Promise<Facts> {
  const stated = settings.immutableReleases;
  const [run, listed, setting] = await Promise.all([
    deps.runs.getRun(deps.context.runId),
    deps.releases.listReleases(),
    stated === 'auto' ? deps.releases.immutableReleasesEnabled() : Promise.resolve(stated),
  ]);
  const releases = listed.map(toSummary);
  // A release's own flag is a fact whatever the setting says now: its tag can never move.
  const immutable = setting === 'on' || releases.some((r) => r.immutable);
  return { run, releases, listed, immutable, immutableUnknown: !immutable && setting === 'unknown' };
}

/** The remedy for a release GitHub froze although the setting could not be read beforehand. */
function frozenWarning(outcome: Extract<Outcome, { status: 'published' }>): string {
  return (
    `GitHub made ${outcome.kind} release ${outcome.tag} immutable: its tag and assets are frozen, and tag ${outcome.tag} can never be published again, so the next run cannot replace it. ` +
    `The repository has immutable releases, which this token cannot read beforehand (it needs administration read). Remedy: publish to a separate repository without immutable releases (inputs repository and release-token), ` +
    `or publish Numbered releases only (latest: false), and set 'immutable-releases: on' so that runs are checked before any write.`
  );
}

/** The sha a tag moves to: a full sha as is, a branch or tag name resolved on the target. */
async function tagShaOf(deps: Deps, commitish: string): Promise<string> {
  const sha = await deps.releases.commitSha(commitish);
  if (sha === undefined) {
    const { owner, repo } = deps.releases.repository;
    throw new InputError(
      `The target commitish '${commitish}' names no branch, tag or commit of ${owner}/${repo}: give a branch name or a full 40-hex commit sha.`,
    );
  }
  return sha;
}

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** Which kinds this run skips because nothing changed since the current Latest (SPEC §3.8). */
function unchangedSince(
  settings: PublishSettings,
  deps: Deps,
  identity: RunIdentity,
  releases: readonly ReleaseSummary[],
): string | undefined {
  if (!settings.skipUnchanged || identity.isTag) return undefined;
  const latestTag = finalTagName({ kind: 'latest', prefix: settings.tagPrefix, branch: identity.branchOrTag });
  return decideUnchanged({
    self: {
      runId: deps.context.runId,
      runNumber: deps.context.runNumber,
      workflowId: identity.workflowId,
      branch: identity.branchOrTag,
    },
    sha: deps.context.sha,
    currentLatest: releases.find((r) => r.tagName === latestTag && !r.draft),
  });
}

/** `release-tag` names a git tag that must exist in the target repository: GitHub would otherwise create it. */
async function requireReleaseTag(settings: PublishSettings, deps: Deps): Promise<void> {
  if (settings.releaseTag === undefined || !settings.kinds.has('tag')) return;
  if ((await deps.releases.getTagSha(settings.releaseTag)) !== undefined) return;
  const { owner, repo } = settings.repository;
  throw new InputError(
    `Input '${Inputs.ReleaseTag}' has invalid value '${settings.releaseTag}': no such git tag in ${owner}/${repo}; release-tag publishes for a tag that exists (push it first).`,
  );
}

interface Written {
  readonly deleted: string[];
  readonly dryRun?: DryRunPlan;
}

/** Plans, checks and writes each release of this run; `outcomes` fills as releases finish. */
async function publishTargets(
  settings: PublishSettings,
  deps: Deps,
  files: AssetFile[],
  table: string | undefined,
  facts: PromiseSettledResult<Facts>,
  outcomes: Outcome[],
  checksums: Checksums | undefined,
  afterFirstDraft: () => Promise<void>,
  costs: string[],
): Promise<Written> {
  const { context } = deps;
  const { run, releases, listed, immutable, immutableUnknown } = valueOf(facts);
  const identity: RunIdentity = {
    workflowId: run.workflowId,
    branchOrTag: context.refName,
    isTag: context.refType === 'tag',
  };
  const unchanged = unchangedSince(settings, deps, identity, releases);
  const kinds = kindsForRun(settings, identity.isTag).filter((kind) => unchanged === undefined || kind === 'tag');
  await requireReleaseTag(settings, deps);
  const changes = await readChanges(kinds, settings, deps, releases, {
    workflowId: identity.workflowId,
    branch: identity.isTag ? undefined : identity.branchOrTag,
  });
  const every = buildTargets(settings, context, identity, releases, table, deps.now(), changes);
  for (const target of every.filter((t) => !kinds.includes(t.kind))) {
    deps.log.notice(`Skipping ${target.kind} release ${target.finalTag}: ${unchanged}.`);
    outcomes.push({ kind: target.kind, status: 'skipped', tag: target.finalTag, reason: unchanged as string });
  }
  const targets = every.filter((t) => kinds.includes(t.kind));
  for (const target of targets) {
    const problem = checkBody(target.body, `${target.kind}-body`);
    if (problem) throw new InputError(problem);
  }
  if (every.length === 0) {
    deps.log.notice(
      `Nothing to publish: this is a ${identity.isTag ? 'tag' : 'branch'} run and the matching kinds are off.`,
    );
  }

  // First decisions, before any write: a failure here leaves GitHub untouched.
  const plan = [];
  for (const target of targets) {
    const decision = await decide(target, settings, deps, identity, immutable, false);
    if (decision.action === 'fail')
      throw new ConflictError(`Cannot publish ${target.kind} release ${target.finalTag}: ${decision.reason}.`);
    plan.push({ target, decision });
  }
  const sameRepository =
    settings.repository.owner === context.repository.owner && settings.repository.repo === context.repository.repo;
  const writes = plan.filter(({ decision }) => decision.action === 'publish');
  // SHA256SUMS is one more asset per release.
  const assetsPerRelease = files.length + (settings.checksums ? 1 : 0);
  if (plan.length > 0)
    costs.push(await checkCost({ plan, assets: assetsPerRelease, releases, identity }, settings, deps));
  if (settings.dryRun) {
    for (const { target, decision } of plan) {
      if (decision.action === 'skip')
        outcomes.push({ kind: target.kind, status: 'skipped', tag: target.finalTag, reason: decision.reason });
    }
    const dryRun = dryRunPlan(plan, assetsPerRelease, settings, identity, releases, {
      sha: context.sha,
      runNumber: context.runNumber,
      sameRepository,
      now: deps.now(),
    });
    for (const line of dryRun.lines) deps.log.info(line);
    return { deleted: [], dryRun };
  }
  // Another repository: the tag goes on its default branch unless `<kind>-target-commitish` says otherwise.
  const defaultCommitish = sameRepository || writes.length === 0 ? context.sha : await deps.releases.defaultBranch();
  // Appending: every name is checked against the release's assets before the first write.
  const appends = new Map<PublishTarget, AppendPlan>();
  for (const { target, decision } of writes) {
    const into =
      decision.action === 'publish' && decision.append ? listed.find((r) => r.id === decision.append?.id) : undefined;
    if (into !== undefined) appends.set(target, await planAppend(target, into, files, deps, checksums !== undefined));
  }
  // Where our own tags move (SPEC §3.3), resolved before any write; a Tag release's tag is the user's.
  const tagShas = new Map<PublishTarget, string>();
  for (const { target } of writes) {
    if (target.kind === 'tag' || appends.has(target)) continue;
    tagShas.set(target, await tagShaOf(deps, target.look.targetCommitish || defaultCommitish));
  }
  let firstDraft = true;
  for (const { target, decision } of plan) {
    if (decision.action === 'skip') {
      deps.log.notice(`Skipping ${target.kind} release ${target.finalTag}: ${decision.reason}.`);
      outcomes.push({ kind: target.kind, status: 'skipped', tag: target.finalTag, reason: decision.reason });
      continue;
    }
    const append = appends.get(target);
    if (append !== undefined) {
      // No draft comes first here: the `pending` statuses are the first write, before any upload.
      if (firstDraft) await afterFirstDraft();
      firstDraft = false;
      outcomes.push(await appendToRelease(target, append, deps, settings.concurrency, checksums));
      continue;
    }
    const targetCommitish = target.look.targetCommitish || defaultCommitish;
    const resumable = selectResumableDraft({
      releases,
      incompleteTag: target.incompleteTag,
      kind: target.kind,
      runId: context.runId,
      runAttempt: context.runAttempt,
    });
    const resume = listed.find((r) => r.id === resumable?.id);
    const outcome = await writeRelease(target, files, deps, {
      ...(resume ? { resume } : {}),
      concurrency: settings.concurrency,
      tagSha: tagShas.get(target),
      targetCommitish,
      recheck: () =>
        target.kind === 'numbered'
          ? Promise.resolve(decision)
          : decide(target, settings, deps, identity, immutable, true),
      ...(checksums ? { checksums } : {}),
      // The first draft is the first contents write: its refusal names the missing permission;
      // then the first statuses write (`pending`), whose refusal removes the draft again.
      ...(firstDraft
        ? {
            draftRefusal: (error: unknown) => asPermissionRefusal(settings, deps, 'contents', error),
            afterDraft: afterFirstDraft,
          }
        : {}),
    });
    firstDraft = false;
    outcomes.push(outcome);
    if (outcome.status === 'published' && outcome.immutable && immutableUnknown)
      deps.log.warning(frozenWarning(outcome));
  }
  // Retention once Latest is swapped too (it only ever removes older Numbered releases).
  const written = writes.filter(({ decision }) => decision.action === 'publish' && !decision.append);
  if (written.length === 0) return { deleted: [] };
  const numberedPublished = outcomes.some((o) => o.kind === 'numbered' && o.status === 'published');
  return {
    deleted: await tidyUp(
      settings,
      deps,
      identity,
      written.map(({ target }) => target),
      numberedPublished,
    ),
  };
}

export async function publish(settings: PublishSettings, deps: Deps): Promise<ModeResult> {
  const { context } = deps;
  if (PULL_REQUEST_EVENTS.includes(context.eventName)) {
    const notice = `Pull-request runs never publish (event '${context.eventName}'): skipped.`;
    deps.log.notice(notice);
    const report = {
      outcomes: [],
      deleted: [],
      files: [],
      dryRun: settings.dryRun,
      notice,
      notMade: (['latest', 'numbered', 'tag'] as const)
        .filter((k) => settings.kinds.has(k))
        .map((kind) => ({ kind, reason: notice })),
    };
    return { outputs: publishOutputs(report), summary: publishSummary(report) };
  }
  // Every token's reads are checked before the first write; its write permissions by the first
  // write of their kind: the invisible draft, then `pending` statuses (SPEC §7). Nothing here
  // writes, so the files, the read checks and the plan's facts are gathered at once; an input
  // problem is reported first, then a missing permission, then anything else.
  const [gathered, checked, facts] = await Promise.allSettled([
    gatherFiles(settings, deps),
    preflight(settings, deps),
    readFacts(settings, deps),
  ]);
  const { files, table } = valueOf(gathered);
  valueOf(checked);
  const outcomes: Outcome[] = [];
  const statuses = settings.commitStatus && !settings.dryRun;
  const runUrl = `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`;
  const kinds = kindsForRun(settings, context.refType === 'tag');
  const checksums = settings.checksums && !settings.dryRun ? checksumsWriter(deps) : undefined;
  let written: Written;
  const costs: string[] = [];
  let pending = false;
  // Right after the first (invisible) draft: a refusal of either write changes nothing public.
  const afterFirstDraft = async (): Promise<void> => {
    if (!statuses) return;
    await postPending(deps, kinds, runUrl, (error) => asPermissionRefusal(settings, deps, 'statuses', error));
    pending = true;
  };
  try {
    written = await publishTargets(settings, deps, files, table, facts, outcomes, checksums, afterFirstDraft, costs);
  } catch (error) {
    // A permission found missing, or a plan the budget cannot cover, before any status was posted:
    // nothing was attempted, and no status can say more.
    if ((PermissionError.isPermissionError(error) || BudgetError.isBudgetError(error)) && !pending) throw error;
    // The statuses say what happened; the step still fails with the original error.
    if (statuses)
      await postStatuses(
        deps,
        statusesFor(kinds, outcomes, redact(error instanceof Error ? error.message : String(error)), runUrl),
      );
    throw error;
  }
  if (statuses) await postStatuses(deps, statusesFor(kinds, outcomes, undefined, runUrl));
  const assets: KindAssets[] = settings.dryRun ? [] : await publishedAssets(outcomes, deps, files);
  const report = {
    outcomes,
    deleted: written.deleted,
    files,
    dryRun: settings.dryRun,
    notMade: kindsNotMade(settings, context.refType === 'tag'),
    assets,
    checksumsFile: checksums?.written() ?? '',
    ...(costs[0] ? { cost: costs[0] } : {}),
    ...(written.dryRun
      ? { planned: written.dryRun.releases, tagMoves: written.dryRun.tagMoves, retention: written.dryRun.retention }
      : {}),
  };
  return { outputs: publishOutputs(report), summary: publishSummary(report) };
}
