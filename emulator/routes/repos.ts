/** Repository metadata and the immutable-releases setting. */
import type { Route, RouteContext } from '../http.ts';
import { HttpError, notFound, sendJson } from '../http.ts';
import { hasPermission } from '../auth.ts';
import { repoJson } from '../shapes.ts';

function getRepo(ctx: RouteContext): void {
  sendJson(ctx.res, 200, repoJson(ctx, ctx.repo));
}

/**
 * Documented: 200 {enabled, enforced_by_owner} when enabled, 404 when not. Needs administration:
 * read even on a public repository (a setting, not content), which GITHUB_TOKEN can never have.
 */
function getImmutableReleases(ctx: RouteContext): void {
  if (ctx.grant === null) throw new HttpError(401, 'Requires authentication');
  if (!hasPermission(ctx.grant, ctx.repo, 'administration', 'read')) {
    const by = (ctx.grant?.kind ?? 'installation') === 'installation' ? 'integration' : 'personal access token';
    throw new HttpError(403, `Resource not accessible by ${by}`, undefined, {
      'x-accepted-github-permissions': 'administration=read',
    });
  }
  if (!ctx.repo.immutableReleases) throw notFound();
  sendJson(ctx.res, 200, { enabled: true, enforced_by_owner: false });
}

export const repoRoutes: Route[] = [
  { method: 'GET', pattern: '/repos/:owner/:repo', permission: { scope: 'metadata', level: 'read' }, handler: getRepo },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/immutable-releases',
    permission: { scope: 'administration', level: 'read' },
    handler: getImmutableReleases,
  },
];
