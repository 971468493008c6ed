/** Releases REST API: list, create, get (by id, by tag, latest), update, delete. */
import type { Route, RouteContext } from '../http.ts';
import {
  HttpError,
  notFound,
  numericParam,
  optionalBoolean,
  optionalString,
  readJson,
  sendJson,
  sendNoContent,
  validationFailed,
} from '../http.ts';
import { paginate } from '../pagination.ts';
import {
  applyMakeLatest,
  checkBody,
  checkMakeLatest,
  checkPublishable,
  checkTagName,
  deleteRelease,
  ensureTag,
  latestRelease,
  markPublished,
  newestFirst,
  newReleaseRecord,
} from '../release-rules.ts';
import { releaseJson } from '../shapes.ts';
import type { ReleaseRecord } from '../state.ts';
import { nowIso } from '../state.ts';

const READ = { scope: 'contents', level: 'read' } as const;
const WRITE = { scope: 'contents', level: 'write' } as const;

/** Drafts exist only for callers who can write contents; everyone else gets 404, as on GitHub. */
export function visibleRelease(ctx: RouteContext, id: number): ReleaseRecord {
  const release = ctx.repo.releases.find((r) => r.id === id);
  if (!release || (release.draft && !ctx.canWriteContents)) throw notFound();
  return release;
}

async function listReleases(ctx: RouteContext): Promise<void> {
  const visible = ctx.repo.releases.filter((r) => !r.draft || ctx.canWriteContents);
  const page = paginate(ctx, newestFirst(visible));
  sendJson(
    ctx.res,
    200,
    page.items.map((r) => releaseJson(ctx, ctx.repo, r)),
  );
}

async function createRelease(ctx: RouteContext): Promise<void> {
  const body = await readJson(ctx.req);
  const tagName = optionalString(body, 'tag_name', 'Release');
  if (tagName === undefined) throw validationFailed('Release', 'missing_field', 'tag_name');
  checkTagName(tagName);
  const draft = optionalBoolean(body, 'draft', 'Release') ?? false;
  const prerelease = optionalBoolean(body, 'prerelease', 'Release') ?? false;
  const text = optionalString(body, 'body', 'Release');
  const makeLatest = optionalString(body, 'make_latest', 'Release');
  checkBody(text);
  checkMakeLatest(makeLatest, draft, prerelease);
  const release = newReleaseRecord(ctx.state, {
    tagName,
    targetCommitish: optionalString(body, 'target_commitish', 'Release') ?? ctx.repo.defaultBranch,
    name: optionalString(body, 'name', 'Release') ?? null,
    body: text ?? null,
    prerelease,
  });
  if (!draft) {
    // Validate everything before touching state: a failed create leaves no tag behind.
    checkPublishable(ctx.repo, release, tagName);
    ensureTag(ctx.repo, tagName, release.targetCommitish, ctx);
    ctx.repo.releases.push(release);
    markPublished(ctx.repo, release, makeLatest);
  } else {
    ctx.repo.releases.push(release);
  }
  sendJson(ctx.res, 201, releaseJson(ctx, ctx.repo, release), {
    location: `${ctx.apiUrl}/repos/${ctx.repo.owner}/${ctx.repo.name}/releases/${release.id}`,
  });
}

function getRelease(ctx: RouteContext): void {
  sendJson(ctx.res, 200, releaseJson(ctx, ctx.repo, visibleRelease(ctx, numericParam(ctx, 'release_id'))));
}

function getReleaseByTag(ctx: RouteContext): void {
  // Never drafts: they have no tag yet.
  const release = ctx.repo.releases.find((r) => !r.draft && r.tagName === ctx.params.tag);
  if (!release) throw notFound();
  sendJson(ctx.res, 200, releaseJson(ctx, ctx.repo, release));
}

function getLatestRelease(ctx: RouteContext): void {
  const release = latestRelease(ctx.repo);
  if (!release) throw notFound();
  sendJson(ctx.res, 200, releaseJson(ctx, ctx.repo, release));
}

async function updateRelease(ctx: RouteContext): Promise<void> {
  const release = visibleRelease(ctx, numericParam(ctx, 'release_id'));
  const body = await readJson(ctx.req);
  const tagName = optionalString(body, 'tag_name', 'Release');
  const target = optionalString(body, 'target_commitish', 'Release');
  const name = optionalString(body, 'name', 'Release');
  const text = optionalString(body, 'body', 'Release');
  const draft = optionalBoolean(body, 'draft', 'Release');
  const prerelease = optionalBoolean(body, 'prerelease', 'Release');
  const makeLatest = optionalString(body, 'make_latest', 'Release');
  if (tagName !== undefined) checkTagName(tagName);
  checkBody(text);

  const nextDraft = draft ?? release.draft;
  const nextPrerelease = prerelease ?? release.prerelease;
  checkMakeLatest(makeLatest, nextDraft, nextPrerelease);
  let nextTag = tagName ?? release.tagName;
  if (tagName === undefined && release.draft && ctx.options.draftPatchWithoutTagUntags) {
    nextTag = `untagged-${release.untaggedSuffix}`;
  }
  const nextTarget = target ?? release.targetCommitish;

  if (release.immutable && !release.draft) {
    // "Only release title and notes can be modified."
    const changes =
      nextTag !== release.tagName ||
      nextTarget !== release.targetCommitish ||
      nextDraft ||
      nextPrerelease !== release.prerelease;
    if (changes)
      throw new HttpError(422, 'Cannot modify an immutable release: only its title and notes can be changed');
  }
  if (!nextDraft) {
    checkPublishable(ctx.repo, release, nextTag);
    ensureTag(ctx.repo, nextTag, nextTarget, ctx);
  }

  const wasDraft = release.draft;
  release.tagName = nextTag;
  release.targetCommitish = nextTarget;
  if (name !== undefined) release.name = name;
  if (text !== undefined) release.body = text;
  release.prerelease = nextPrerelease;
  release.updatedAt = nowIso();
  if (wasDraft && !nextDraft) {
    markPublished(ctx.repo, release, makeLatest);
  } else if (!wasDraft && nextDraft) {
    release.draft = true;
    release.publishedAt = null;
    if (ctx.repo.latestReleaseId === release.id) ctx.repo.latestReleaseId = null;
  } else if (makeLatest !== undefined) {
    applyMakeLatest(ctx.repo, release, makeLatest);
  }
  sendJson(ctx.res, 200, releaseJson(ctx, ctx.repo, release));
}

async function removeRelease(ctx: RouteContext): Promise<void> {
  // Deleting keeps the git tag; immutable releases may be deleted, but their tag name stays burned.
  const release = visibleRelease(ctx, numericParam(ctx, 'release_id'));
  await deleteRelease(ctx.repo, release);
  sendNoContent(ctx.res);
}

const base = '/repos/:owner/:repo/releases';

export const releaseRoutes: Route[] = [
  { method: 'GET', pattern: base, permission: READ, handler: listReleases },
  { method: 'POST', pattern: base, permission: WRITE, handler: createRelease },
  { method: 'GET', pattern: `${base}/latest`, permission: READ, handler: getLatestRelease },
  { method: 'GET', pattern: `${base}/tags/*tag`, permission: READ, handler: getReleaseByTag },
  { method: 'GET', pattern: `${base}/:release_id`, permission: READ, handler: getRelease },
  { method: 'PATCH', pattern: `${base}/:release_id`, permission: WRITE, handler: updateRelease },
  { method: 'DELETE', pattern: `${base}/:release_id`, permission: WRITE, handler: removeRelease },
];
