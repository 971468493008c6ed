/**
 * mode: publish — the Latest, Numbered and Tag releases of this run (SPEC §2–§6), race-free:
 * every decision is re-made from fresh facts right before the swap.
 */
import type { Deps, ReleaseData } from '../ports.ts';
import { BudgetError, ConflictError, InputError } from '../errors.ts';
import type { PublishSettings } from '../settings.ts';
import { checkBody } from '../planning/limits.ts';
import { selectResumableDraft } from '../planning/resume.ts';
import { kindsForRun, kindsNotMade, buildTargets, type PublishTarget, type RunIdentity } from '../publish/targets.ts';
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
import { checksumsWriter, gatherFiles } from '../publish/files.ts';
import { decide } from '../publish/decide.ts';
import { tidyUp } from '../publish/tidy-up.ts';
import { frozenWarning, readFacts, requireReleaseTag, tagShaOf, unchangedSince, type Facts } from '../publish/facts.ts';
import { checkCost } from '../publish/cost-check.ts';

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
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
  const { run, releases, listed, immutable, immutableUnknown, budget } = valueOf(facts);
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
  const checked =
    plan.length > 0
      ? checkCost({ plan, assets: assetsPerRelease, releases, identity, budget }, settings, deps)
      : undefined;
  if (checked) costs.push(checked.line);
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
  deps.pacing?.expect({ writes: checked?.cost.contentCreating ?? 0, uploads: writes.length * assetsPerRelease });
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
  // Written through a draft (not appended to); retention's listing is asked for beside the last one's
  // publishing request: it needs nothing else.
  const written = writes.filter(({ decision }) => decision.action === 'publish' && !decision.append);
  const lastWritten = written.at(-1);
  let listing: Promise<ReleaseData[]> | undefined;
  const publishing: Promise<ReleaseData>[] = [];
  const onPublishing = (target: PublishTarget) => (published: Promise<ReleaseData>) => {
    publishing.push(published);
    if (target !== lastWritten?.target) return;
    listing = deps.releases.listReleases();
    // Awaited by tidyUp; only a failed publish leaves it unawaited, and that failure is the one to report.
    listing.catch(() => undefined);
  };
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
      onPublishing: onPublishing(target),
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
  if (written.length === 0) return { deleted: [] };
  const numberedPublished = outcomes.some((o) => o.kind === 'numbered' && o.status === 'published');
  return {
    deleted: await tidyUp(
      settings,
      deps,
      identity,
      written.map(({ target }) => target),
      numberedPublished,
      { listing, published: await Promise.all(publishing) },
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
