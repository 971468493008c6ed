/** Git references API (tags and branches): get, list matching, create, update, delete. */
import type { Route, RouteContext } from '../http.ts';
import { HttpError, notFound, optionalBoolean, optionalString, readJson, sendJson, sendNoContent } from '../http.ts';
import { isTagLockedByImmutableRelease, onTagDeleted } from '../release-rules.ts';
import { repoApiUrl } from '../shapes.ts';
import { checkTagRulesets, checkTagWrite } from '../tag-rules.ts';

const READ = { scope: 'contents', level: 'read' } as const;
const WRITE = { scope: 'contents', level: 'write' } as const;

function refJson(ctx: RouteContext, fullRef: string, sha: string): Record<string, unknown> {
  const api = repoApiUrl(ctx, ctx.repo);
  return {
    ref: fullRef,
    node_id: Buffer.from(`Ref:${ctx.repo.id}:${fullRef}`).toString('base64url'),
    url: `${api}/git/${fullRef}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

function tagNameOf(fullRef: string): string | null {
  return fullRef.startsWith('refs/tags/') ? fullRef.slice('refs/tags/'.length) : null;
}

function getRef(ctx: RouteContext): void {
  const fullRef = `refs/${ctx.params.ref}`;
  const sha = ctx.repo.refs.get(fullRef);
  if (!sha) throw notFound();
  sendJson(ctx.res, 200, refJson(ctx, fullRef, sha));
}

function matchingRefs(ctx: RouteContext): void {
  const prefix = `refs/${ctx.params.ref ?? ''}`;
  const found = [...ctx.repo.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, sha]) => refJson(ctx, name, sha));
  sendJson(ctx.res, 200, found);
}

function wellFormedRef(fullRef: string): boolean {
  return (
    /^refs\/[^/]+\/.+/.test(fullRef) &&
    !fullRef.includes('..') &&
    !/[\s~^:?*[\\]/.test(fullRef) &&
    !fullRef.endsWith('/')
  );
}

async function createRef(ctx: RouteContext): Promise<void> {
  const body = await readJson(ctx.req);
  const fullRef = optionalString(body, 'ref', 'Reference');
  const sha = optionalString(body, 'sha', 'Reference');
  if (!fullRef || !wellFormedRef(fullRef)) {
    throw new HttpError(422, "Reference name must start with 'refs/' and have at least two slashes.");
  }
  if (!sha || !ctx.repo.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
  if (ctx.repo.refs.has(fullRef)) throw new HttpError(422, 'Reference already exists');
  const tag = tagNameOf(fullRef);
  if (tag !== null) checkTagWrite(ctx.repo, ctx.grant, tag, sha, false);
  ctx.repo.refs.set(fullRef, sha);
  sendJson(ctx.res, 201, refJson(ctx, fullRef, sha), { location: `${repoApiUrl(ctx, ctx.repo)}/git/${fullRef}` });
}

async function updateRef(ctx: RouteContext): Promise<void> {
  const fullRef = `refs/${ctx.params.ref}`;
  const body = await readJson(ctx.req);
  const sha = optionalString(body, 'sha', 'Reference');
  // `force: true` allows a move that is not a fast forward; without ancestry (not modelled) every
  // move is accepted, forced or not.
  optionalBoolean(body, 'force', 'Reference');
  if (!ctx.repo.refs.has(fullRef)) throw new HttpError(422, 'Reference does not exist');
  if (!sha || !ctx.repo.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
  const tag = tagNameOf(fullRef);
  if (tag !== null && isTagLockedByImmutableRelease(ctx.repo, tag) && ctx.repo.refs.get(fullRef) !== sha) {
    throw new HttpError(422, 'Cannot update a tag that belongs to an immutable release');
  }
  if (tag !== null) checkTagWrite(ctx.repo, ctx.grant, tag, sha, true);
  ctx.repo.refs.set(fullRef, sha);
  sendJson(ctx.res, 200, refJson(ctx, fullRef, sha));
}

function deleteRef(ctx: RouteContext): void {
  const fullRef = `refs/${ctx.params.ref}`;
  if (!ctx.repo.refs.has(fullRef)) throw new HttpError(422, 'Reference does not exist');
  const tag = tagNameOf(fullRef);
  if (tag !== null) {
    if (isTagLockedByImmutableRelease(ctx.repo, tag)) {
      throw new HttpError(422, 'Cannot delete a tag that belongs to an immutable release');
    }
    checkTagRulesets(ctx.repo, tag, 'deletion');
    onTagDeleted(ctx.repo, tag);
  }
  ctx.repo.refs.delete(fullRef);
  sendNoContent(ctx.res);
}

const base = '/repos/:owner/:repo/git';

export const gitRoutes: Route[] = [
  { method: 'GET', pattern: `${base}/ref/*ref`, permission: READ, handler: getRef },
  { method: 'GET', pattern: `${base}/matching-refs/*ref`, permission: READ, handler: matchingRefs },
  { method: 'POST', pattern: `${base}/refs`, permission: WRITE, handler: createRef },
  { method: 'PATCH', pattern: `${base}/refs/*ref`, permission: WRITE, handler: updateRef },
  { method: 'DELETE', pattern: `${base}/refs/*ref`, permission: WRITE, handler: deleteRef },
];
