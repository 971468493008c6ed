/** GitHub's release and asset payloads mapped to the ports' plain data, and release fields to a request body. */
import type { AssetData, ReleaseData, ReleaseFields } from '../ports.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- GitHub payloads are mapped field by field here. */
export function toRelease(r: any): ReleaseData {
  return {
    id: r.id,
    tagName: r.tag_name,
    name: r.name ?? '',
    body: r.body ?? '',
    draft: Boolean(r.draft),
    prerelease: Boolean(r.prerelease),
    createdAt: r.created_at,
    publishedAt: r.published_at ?? null,
    htmlUrl: r.html_url,
    uploadUrl: r.upload_url,
    targetCommitish: r.target_commitish ?? '',
    immutable: Boolean(r.immutable),
    ...(Array.isArray(r.assets) ? { assets: r.assets.map(toAsset) } : {}),
  };
}

export function toAsset(a: any): AssetData {
  return {
    id: a.id,
    name: a.name,
    size: a.size,
    state: a.state,
    digest: a.digest ?? null,
    browserDownloadUrl: a.browser_download_url,
  };
}

export function releaseBody(f: ReleaseFields): Record<string, unknown> {
  const body: Record<string, unknown> = { tag_name: f.tagName };
  if (f.name !== undefined) body.name = f.name;
  if (f.body !== undefined) body.body = f.body;
  if (f.draft !== undefined) body.draft = f.draft;
  if (f.prerelease !== undefined) body.prerelease = f.prerelease;
  if (f.targetCommitish) body.target_commitish = f.targetCommitish;
  if (f.makeLatest !== undefined) body.make_latest = f.makeLatest;
  return body;
}
