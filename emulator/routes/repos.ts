/** Repository metadata and the immutable-releases setting. */
import type { Route, RouteContext } from '../http.ts';
import { notFound, sendJson } from '../http.ts';
import { repoJson } from '../shapes.ts';

function getRepo(ctx: RouteContext): void {
  sendJson(ctx.res, 200, repoJson(ctx, ctx.repo));
}

/** Documented: 200 {enabled, enforced_by_owner} when enabled, 404 when not. Needs administration: read. */
function getImmutableReleases(ctx: RouteContext): void {
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
