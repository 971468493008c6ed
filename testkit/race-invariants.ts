/**
 * The invariants every race history must end with (SPEC §3): returns the violations, empty when all
 * hold, so a failing history can be printed whole with its seed.
 */
import { published, releasesOf, sha256 } from './inspect.ts';
import type { Executed, PublishRecord } from './race-history.ts';
import { filesOf, label } from './race-history.ts';
import type { World } from './world.ts';

function expectedAssets(runNumber: number, attempt: number): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filesOf(runNumber, attempt)).map(([path, content]) => [path.slice('out/'.length), sha256(content)]),
  );
}

function sameFiles(actual: Record<string, string>, runNumber: number, attempt: number): boolean {
  const { SHA256SUMS: sums, ...rest } = actual;
  const want = expectedAssets(runNumber, attempt);
  return (
    sums !== undefined && JSON.stringify(Object.entries(rest).sort()) === JSON.stringify(Object.entries(want).sort())
  );
}

/** When the swap that made this publish's Latest reached the emulator (the PATCH of its release). */
function latestSwapAt(world: World, p: PublishRecord): number | undefined {
  const id = p.result.outputs['latest-release-id'];
  if (!id) return undefined;
  const patch = world.emulator.log.find(
    (e) => e.method === 'PATCH' && e.path.endsWith(`/releases/${id}`) && e.status === 200,
  );
  return patch?.at;
}

export async function checkInvariants(
  world: World,
  executed: Executed,
  keepCount: number,
  closing: PublishRecord,
): Promise<string[]> {
  const problems: string[] = [];
  const views = await releasesOf(world.emulator, world.repo);
  const finals = published(views);
  const all = [...executed.publishes, closing];

  // Every publish that was not killed succeeded: no cleanup took a draft from under a running publish.
  for (const p of all) {
    if (!p.killed && p.result.exitCode !== 0)
      problems.push(`publish of ${label(p.runNumber, p.attempt)} failed: ${p.result.errors.join(' | ')}`);
  }
  for (const c of executed.cleanups) if (c.exitCode !== 0) problems.push(`a cleanup failed: ${c.errors.join(' | ')}`);

  // No asset anywhere in a state other than 'uploaded'; no draft at all once every run finished and cleanup ran.
  for (const v of views) {
    if (v.states.some((s) => s !== 'uploaded')) problems.push(`${v.tag} has assets in states ${v.states.join(',')}`);
    if (v.draft) problems.push(`draft ${v.tag} (run ${v.marker?.runNumber}) is left after cleanup`);
  }

  // Latest holds exactly the files of the run its marker names.
  const latest = finals.get('ci-main-latest');
  if (latest === undefined || latest.marker === undefined) problems.push('no Latest release');
  else if (!sameFiles(latest.assets, latest.marker.runNumber, latest.marker.runAttempt)) {
    problems.push(
      `Latest (marker ${label(latest.marker.runNumber, latest.marker.runAttempt)}) does not hold exactly that run's files`,
    );
  }

  // Latest never goes back: a Latest swapped in after another publish had finished publishing Latest
  // is from a run at least as new; and the final Latest is at least as new as every finished one.
  const latestPublishes = all.filter((p) => p.published.some((k) => k.kind === 'latest'));
  for (const later of latestPublishes) {
    const at = latestSwapAt(world, later);
    if (at === undefined) continue;
    for (const earlier of latestPublishes) {
      if (earlier.finishedAt < at && earlier.runNumber > later.runNumber) {
        problems.push(
          `Latest went back: run #${later.runNumber} swapped in after run #${earlier.runNumber} had finished publishing Latest`,
        );
      }
    }
  }
  const newestFinished = Math.max(0, ...latestPublishes.map((p) => p.runNumber));
  if (latest?.marker && latest.marker.runNumber < newestFinished)
    problems.push(
      `final Latest is run #${latest.marker.runNumber}, older than #${newestFinished} that published Latest`,
    );

  // Numbered: each holds its own run's files; retention kept exactly the keepCount newest (§3.4),
  // judged after the closing run published alone. Killed publishes may or may not have got through.
  const numbered = [...finals.values()].filter((v) => v.marker?.kind === 'numbered');
  for (const v of numbered) {
    if (!v.marker || !sameFiles(v.assets, v.marker.runNumber, v.marker.runAttempt))
      problems.push(`${v.tag} does not hold exactly its run's files`);
  }
  const present = new Set(numbered.map((v) => v.marker!.runNumber));
  const sure = new Set(all.filter((p) => p.published.some((k) => k.kind === 'numbered')).map((p) => p.runNumber));
  const killed = new Set(all.filter((p) => p.killed).map((p) => p.runNumber));
  for (const n of present)
    if (!sure.has(n) && !killed.has(n)) problems.push(`Numbered #${n} exists but no publish of that run made it`);
  const candidates = new Set([...sure, ...[...present].filter((n) => killed.has(n))]);
  const expected = [...candidates]
    .sort((a, b) => b - a)
    .slice(0, keepCount)
    .sort((a, b) => a - b);
  const actual = [...present].sort((a, b) => a - b);
  if (JSON.stringify(expected) !== JSON.stringify(actual))
    problems.push(
      `Numbered kept ${JSON.stringify(actual)}, expected the ${keepCount} newest ${JSON.stringify(expected)}`,
    );
  return problems;
}
