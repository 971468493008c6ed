/**
 * The release rules GitHub enforces, shared by the release, asset and git-ref routes:
 * one published release per tag, tags created on publish only when absent, immutable releases.
 */
import { rm } from 'node:fs/promises';
import { HttpError, validationFailed } from './http.ts';
import type { ReleaseRecord, RepoRecord, TokenGrant } from './state.ts';
import { checkTagWrite } from './tag-rules.ts';
import { allocateId, nodeIdFor, nowIso, resolveCommitish } from './state.ts';
import type { EmulatorState } from './state.ts';
import { randomBytes } from 'node:crypto';

export const MAX_BODY_CHARS = 125_000;
export const MAKE_LATEST_VALUES = ['true', 'false', 'legacy'];

export function tagRef(tagName: string): string {
  return `refs/tags/${tagName}`;
}

export function checkBody(body: string | undefined): void {
  if (body !== undefined && body.length > MAX_BODY_CHARS) {
    throw validationFailed('Release', 'custom', 'body', `body is too long (maximum is ${MAX_BODY_CHARS} characters)`);
  }
}

export function checkTagName(tagName: string): void {
  // git check-ref-format essentials; GitHub answers 422 invalid for such names.
  const bad =
    tagName.trim() === '' ||
    /[\s~^:?*[\\\x00-\x1f\x7f]/.test(tagName) ||
    tagName.includes('..') ||
    tagName.includes('@{') ||
    tagName.startsWith('/') ||
    tagName.endsWith('/') ||
    tagName.endsWith('.') ||
    tagName.endsWith('.lock') ||
    tagName.includes('//');
  if (bad) throw validationFailed('Release', 'invalid', 'tag_name');
}

export function checkMakeLatest(makeLatest: string | undefined, draft: boolean, prerelease: boolean): void {
  if (makeLatest === undefined) return;
  if (!MAKE_LATEST_VALUES.includes(makeLatest)) throw validationFailed('Release', 'invalid', 'make_latest');
  if (makeLatest === 'true' && (draft || prerelease)) {
    throw validationFailed(
      'Release',
      'invalid',
      'make_latest',
      'Draft and prerelease releases cannot be made the latest release',
    );
  }
}

/** A published release other than `except` that already uses the tag. */
export function publishedWithTag(repo: RepoRecord, tagName: string, except?: ReleaseRecord): ReleaseRecord | undefined {
  return repo.releases.find((r) => r !== except && !r.draft && r.tagName === tagName);
}

/** The tag's ref may not move or disappear while an immutable release stands on it. */
export function isTagLockedByImmutableRelease(repo: RepoRecord, tagName: string): boolean {
  return repo.releases.some((r) => r.immutable && !r.draft && r.tagName === tagName);
}

/** Checks that `release` may become the published release of `tagName`. */
export function checkPublishable(repo: RepoRecord, release: ReleaseRecord, tagName: string): void {
  if (publishedWithTag(repo, tagName, release)) throw validationFailed('Release', 'already_exists', 'tag_name');
  if (repo.burnedTagNames.has(tagName) && !(release.immutable && release.tagName === tagName)) {
    throw validationFailed('Release', 'custom', 'tag_name', 'tag_name was used by an immutable release');
  }
}

/**
 * Creates the git tag for a release being published, at target_commitish (branch or full sha), unless
 * the tag already exists: an existing tag never moves.
 */
export function ensureTag(
  repo: RepoRecord,
  tagName: string,
  targetCommitish: string,
  caller?: { grant: TokenGrant | null },
): void {
  if (repo.refs.has(tagRef(tagName))) return;
  const sha = resolveCommitish(repo, targetCommitish);
  if (!sha) throw validationFailed('Release', 'invalid', 'target_commitish');
  // Over HTTP the tag is the caller's write, with the same rules as creating the ref directly.
  if (caller) checkTagWrite(repo, caller.grant, tagName, sha, false);
  repo.refs.set(tagRef(tagName), sha);
}

/** Marks a release published (after checkPublishable/ensureTag succeeded). */
export function markPublished(repo: RepoRecord, release: ReleaseRecord, makeLatest: string | undefined): void {
  const now = nowIso();
  release.draft = false;
  release.publishedAt = now;
  release.updatedAt = now;
  if (repo.immutableReleases) {
    release.immutable = true;
    repo.burnedTagNames.add(release.tagName);
  }
  applyMakeLatest(repo, release, makeLatest ?? 'true');
}

export function applyMakeLatest(repo: RepoRecord, release: ReleaseRecord, makeLatest: string): void {
  if (release.draft || release.prerelease) return;
  if (makeLatest === 'true') repo.latestReleaseId = release.id;
  if (makeLatest === 'legacy') {
    // Legacy: the newest published, non-prerelease release by creation date.
    const newest = [...repo.releases]
      .filter((r) => !r.draft && !r.prerelease)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0];
    repo.latestReleaseId = newest?.id ?? null;
  }
}

export function latestRelease(repo: RepoRecord): ReleaseRecord | undefined {
  return repo.releases.find((r) => r.id === repo.latestReleaseId && !r.draft && !r.prerelease);
}

/** GitHub turns a published release back into a draft when its tag is deleted. */
export function onTagDeleted(repo: RepoRecord, tagName: string): void {
  for (const release of repo.releases) {
    if (!release.draft && release.tagName === tagName) {
      release.draft = true;
      release.publishedAt = null;
      release.updatedAt = nowIso();
    }
  }
}

/** Assets of an immutable release are frozen; `message` is GitHub's wording for the attempted action. */
export function assertMutableAssets(release: ReleaseRecord, message: string): void {
  if (release.immutable) throw new HttpError(422, message);
}

export async function deleteRelease(repo: RepoRecord, release: ReleaseRecord): Promise<void> {
  repo.releases = repo.releases.filter((r) => r !== release);
  if (repo.latestReleaseId === release.id) repo.latestReleaseId = null;
  // The bytes are no longer reachable; free the disk (benchmarks upload GiBs).
  await Promise.all(release.assets.map((asset) => rm(asset.filePath, { force: true })));
}

/** Newest first, as GitHub lists releases. */
export function newestFirst(releases: ReleaseRecord[]): ReleaseRecord[] {
  return [...releases].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

/** A new release record, still a draft: publishing is a separate step (`markPublished`), as on GitHub. */
export function newReleaseRecord(
  state: EmulatorState,
  o: {
    tagName: string;
    targetCommitish: string;
    name: string | null;
    body: string | null;
    prerelease: boolean;
    createdAt?: string;
  },
): ReleaseRecord {
  const now = o.createdAt ?? nowIso();
  const id = allocateId(state);
  return {
    id,
    nodeId: nodeIdFor('Release', id),
    tagName: o.tagName,
    targetCommitish: o.targetCommitish,
    name: o.name,
    body: o.body,
    draft: true,
    prerelease: o.prerelease,
    immutable: false,
    untaggedSuffix: randomBytes(10).toString('hex'),
    createdAt: now,
    publishedAt: null,
    updatedAt: now,
    assets: [],
  };
}
