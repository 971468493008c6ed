/**
 * Compare two commits: `GET /repos/{owner}/{repo}/compare/{base}...{head}` as GitHub documents it
 * (REST "Commits" → "Compare two commits"): the commits reachable from head and not from base
 * (`git log base..head`), in chronological order, oldest first; `status` ahead, behind, diverged or
 * identical against the merge base; `ahead_by`/`behind_by`/`total_commits`. Without `page` or
 * `per_page` the list is cut to 250 commits whose last is the newest of the comparison; with them
 * it is paged like other listings (per_page at most 100, a Link header).
 */
import type { Route, RouteContext } from '../http.ts';
import { notFound, sendJson } from '../http.ts';
import { paginate } from '../pagination.ts';
import { repoApiUrl, repoHtmlUrl } from '../shapes.ts';
import { resolveCommitish, type CommitRecord, type RepoRecord } from '../state.ts';

const UNPAGED_LIMIT = 250;

/** Every commit reachable from `sha` (itself included), walking parents. */
function ancestors(repo: RepoRecord, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(repo.commitInfo.get(next)?.parents ?? []));
  }
  return seen;
}

/** Commits reachable from head but not from base, oldest first (parents before children). */
function between(repo: RepoRecord, fromBase: Set<string>, head: string): string[] {
  const order: string[] = [];
  const visited = new Set<string>();
  const visit = (sha: string): void => {
    if (visited.has(sha) || fromBase.has(sha)) return;
    visited.add(sha);
    for (const parent of repo.commitInfo.get(sha)?.parents ?? []) visit(parent);
    order.push(sha);
  };
  visit(head);
  return order;
}

/** The first commit reachable from both, walking back from head breadth-first (the merge base of a simple history). */
function nearestCommon(repo: RepoRecord, head: string, fromBase: Set<string>): string | undefined {
  const queue = [head];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.shift() as string;
    if (fromBase.has(sha)) return sha;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(repo.commitInfo.get(sha)?.parents ?? []));
  }
  return undefined;
}

function commitJson(ctx: RouteContext, sha: string): Record<string, unknown> {
  const info: CommitRecord = ctx.repo.commitInfo.get(sha) ?? {
    sha,
    parents: [],
    message: '',
    author: { name: 'unknown', email: '', date: '1970-01-01T00:00:00Z' },
  };
  const api = repoApiUrl(ctx, ctx.repo);
  return {
    sha,
    node_id: Buffer.from(`Commit:${sha}`).toString('base64url'),
    url: `${api}/commits/${sha}`,
    html_url: `${repoHtmlUrl(ctx, ctx.repo)}/commit/${sha}`,
    commit: { message: info.message, author: info.author, committer: info.author, url: `${api}/git/commits/${sha}` },
    author: null,
    committer: null,
    parents: info.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}` })),
  };
}

function compare(ctx: RouteContext): void {
  const match = /^(.+?)\.\.\.(.+)$/.exec(ctx.params.basehead ?? '');
  if (!match) throw notFound();
  const [, baseRef = '', headRef = ''] = match;
  const base = resolveCommitish(ctx.repo, baseRef);
  const head = resolveCommitish(ctx.repo, headRef);
  if (base === undefined || head === undefined) throw notFound();
  const fromBase = ancestors(ctx.repo, base);
  const fromHead = ancestors(ctx.repo, head);
  const ahead = between(ctx.repo, fromBase, head);
  const behindBy = between(ctx.repo, fromHead, base).length;
  const mergeBase = nearestCommon(ctx.repo, head, fromBase);
  const status = ahead.length === 0 ? (behindBy === 0 ? 'identical' : 'behind') : behindBy === 0 ? 'ahead' : 'diverged';
  const paged = ctx.query.has('page') || ctx.query.has('per_page');
  const listed = paged ? paginate(ctx, ahead).items : ahead.slice(-UNPAGED_LIMIT);
  const html = `${repoHtmlUrl(ctx, ctx.repo)}/compare/${baseRef}...${headRef}`;
  sendJson(ctx.res, 200, {
    url: `${repoApiUrl(ctx, ctx.repo)}/compare/${baseRef}...${headRef}`,
    html_url: html,
    permalink_url: `${repoHtmlUrl(ctx, ctx.repo)}/compare/${ctx.repo.owner}:${base.slice(0, 7)}...${ctx.repo.owner}:${head.slice(0, 7)}`,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: commitJson(ctx, base),
    merge_base_commit: mergeBase === undefined ? null : commitJson(ctx, mergeBase),
    status,
    ahead_by: ahead.length,
    behind_by: behindBy,
    total_commits: ahead.length,
    commits: listed.map((sha) => commitJson(ctx, sha)),
    files: [],
  });
}

export const commitRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/compare/*basehead',
    permission: { scope: 'contents', level: 'read' },
    handler: compare,
  },
];
