/**
 * `{changes}` (SPEC §4): what changed since the previous release of the same kind, from GitHub's
 * comparison of that release's commit with this run's. Pure: the caller fetches the comparison.
 */
import type { Marker, PublishKind, ReleaseSummary } from './types.ts';

/** At most this many commits are listed; the rest is counted. */
export const MAX_LISTED_COMMITS = 50;

export interface ComparedCommit {
  readonly sha: string;
  /** The whole commit message; only its first line is shown. */
  readonly message: string;
  readonly author: string;
}

/** GitHub's comparison of base...head, reduced to what the list needs. */
export interface Comparison {
  readonly status: 'ahead' | 'behind' | 'diverged' | 'identical';
  /** Commits in head not in base: may exceed `commits.length` (GitHub returns at most 250). */
  readonly aheadBy: number;
  /** Oldest first, as GitHub returns them; the newest ones when GitHub cut the list. */
  readonly commits: readonly ComparedCommit[];
  readonly htmlUrl: string;
}

/** The release this run's changes are counted from, and its commit. */
export interface PreviousBuild {
  readonly sha: string;
  readonly runNumber: number;
}

/**
 * The previous release of `kind` made by this workflow for the same branch (Latest, Numbered) or
 * any tag (Tag), with a lower run number than `runNumber`: the newest such by run number.
 */
export function previousBuild(
  kind: PublishKind,
  releases: readonly ReleaseSummary[],
  self: Pick<Marker, 'workflowId' | 'branch' | 'runNumber'>,
): PreviousBuild | undefined {
  let best: Marker | undefined;
  for (const r of releases) {
    const m = r.marker;
    if (
      r.draft ||
      m === undefined ||
      m.kind !== kind ||
      m.workflowId !== self.workflowId ||
      m.runNumber >= self.runNumber
    )
      continue;
    if (kind !== 'tag' && m.branch !== self.branch) continue;
    if (best === undefined || m.runNumber > best.runNumber) best = m;
  }
  return best && { sha: best.sha, runNumber: best.runNumber };
}

/** What is known about the changes when the body is written. */
export type ChangesFacts =
  | { readonly state: 'first' }
  | { readonly state: 'compared'; readonly previous: PreviousBuild; readonly comparison: Comparison }
  | { readonly state: 'unreadable'; readonly previous: PreviousBuild; readonly why: string };

function subject(message: string): string {
  const line = message.split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

/** The markdown `{changes}` stands for. */
export function renderChanges(facts: ChangesFacts, kindName: string): string {
  if (facts.state === 'first') return `First ${kindName} release: no earlier build to compare with.`;
  const since = `run #${facts.previous.runNumber} (${facts.previous.sha.slice(0, 7)})`;
  if (facts.state === 'unreadable') return `The changes since ${since} could not be read: ${facts.why}.`;
  const { comparison } = facts;
  if (comparison.status === 'identical') return `No new commits since ${since}.`;
  if (comparison.status !== 'ahead') {
    return `The commit of ${since} is not an ancestor of this build (the history was rewritten), so there is no list of changes: [comparison](${comparison.htmlUrl}).`;
  }
  const newestFirst = [...comparison.commits].reverse();
  const listed = newestFirst.slice(0, MAX_LISTED_COMMITS);
  const lines = listed.map((c) => `- ${c.sha.slice(0, 7)} ${subject(c.message)} (${c.author})`);
  const more = comparison.aheadBy - listed.length;
  if (more > 0) lines.push(`- and ${more} more`);
  const count = comparison.aheadBy === 1 ? '1 commit' : `${comparison.aheadBy} commits`;
  return [`${count} since ${since}:`, '', ...lines, '', `[Full comparison](${comparison.htmlUrl})`].join('\n');
}
