/**
 * Release assets REST API: list, get, update, delete, and downloads (302 to a signed blob URL, the
 * blob URL itself, and the public browser_download_url).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Route, RouteContext } from '../http.ts';
import {
  HttpError,
  notFound,
  numericParam,
  optionalString,
  readJson,
  sendJson,
  sendNoContent,
  validationFailed,
} from '../http.ts';
import { paginate } from '../pagination.ts';
import { assertMutableAssets } from '../release-rules.ts';
import { assetJson } from '../shapes.ts';
import type { AssetRecord, ReleaseRecord } from '../state.ts';
import { findAsset, findAssetAnywhere, nowIso } from '../state.ts';
import { visibleRelease } from './releases.ts';

const READ = { scope: 'contents', level: 'read' } as const;
const WRITE = { scope: 'contents', level: 'write' } as const;

/**
 * GitHub renames asset files: every run of characters outside [A-Za-z0-9._-] becomes one '.', and a
 * name starting with '.' gets 'default' in front. Duplicates are judged on the result.
 */
export function sanitizeAssetName(name: string, o: { keepPlus?: boolean } = {}): string {
  // As users observe GitHub renaming (it documents no algorithm): accents dropped (`ć` → `c`,
  // cli/cli#7201); each run of other characters, with the dots around it, becomes one dot
  // (`fake.      file.txt` → `fake.file.txt`, electron/forge#1761); a leading dot becomes `default.`.
  const plain = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  const replaced = plain
    .replace(o.keepPlus ? /\.*(?:[^A-Za-z0-9._+-]\.*)+/g : /\.*(?:[^A-Za-z0-9._-]\.*)+/g, '.')
    .replace(/\.+$/, '');
  if (replaced === '') return 'default';
  return replaced.startsWith('.') ? `default.${replaced.replace(/^\.+/, '')}` : replaced;
}

function visibleAsset(ctx: RouteContext): { release: ReleaseRecord; asset: AssetRecord } {
  const found = findAsset(ctx.repo, numericParam(ctx, 'asset_id'));
  if (!found || (found.release.draft && !ctx.canWriteContents)) throw notFound();
  return found;
}

function listAssets(ctx: RouteContext): void {
  const release = visibleRelease(ctx, numericParam(ctx, 'release_id'));
  const page = paginate(ctx, release.assets);
  sendJson(
    ctx.res,
    200,
    page.items.map((asset) => assetJson(ctx, ctx.repo, release, asset)),
  );
}

function getAsset(ctx: RouteContext): void {
  const { release, asset } = visibleAsset(ctx);
  const accept = ctx.req.headers.accept ?? '';
  if (accept.includes('application/octet-stream')) {
    if (asset.state !== 'uploaded') throw notFound();
    // GitHub redirects to a short-lived signed URL on another host; the signature is the only credential.
    const signature = randomBytes(24).toString('hex');
    ctx.state.downloadSignatures.set(signature, asset.id);
    ctx.res.writeHead(302, {
      location: `${ctx.apiUrl}/_blobs/assets/${asset.id}?sig=${signature}`,
      'content-length': '0',
    });
    ctx.res.end();
    return;
  }
  sendJson(ctx.res, 200, assetJson(ctx, ctx.repo, release, asset));
}

export function hasAssetNamed(release: ReleaseRecord, name: string, except?: AssetRecord): boolean {
  return release.assets.some((a) => a !== except && a.name === name);
}

async function updateAsset(ctx: RouteContext): Promise<void> {
  const { release, asset } = visibleAsset(ctx);
  const body = await readJson(ctx.req);
  assertMutableAssets(release, 'Cannot modify assets of an immutable release');
  const rawName = optionalString(body, 'name', 'ReleaseAsset');
  const label = optionalString(body, 'label', 'ReleaseAsset');
  if (rawName !== undefined) {
    const name = sanitizeAssetName(rawName);
    if (hasAssetNamed(release, name, asset)) throw validationFailed('ReleaseAsset', 'already_exists', 'name');
    asset.name = name;
  }
  if (label !== undefined) asset.label = label;
  asset.updatedAt = nowIso();
  sendJson(ctx.res, 200, assetJson(ctx, ctx.repo, release, asset));
}

async function deleteAsset(ctx: RouteContext): Promise<void> {
  const { release, asset } = visibleAsset(ctx);
  assertMutableAssets(release, 'Cannot delete assets of an immutable release');
  release.assets = release.assets.filter((a) => a !== asset);
  await rm(asset.filePath, { force: true });
  sendNoContent(ctx.res);
}

async function streamAsset(ctx: RouteContext, asset: AssetRecord): Promise<void> {
  asset.downloadCount += 1;
  ctx.res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(asset.size),
    'content-disposition': `attachment; filename=${asset.name}`,
  });
  if (ctx.req.method === 'HEAD') {
    ctx.res.end();
    return;
  }
  try {
    await pipeline(createReadStream(asset.filePath), ctx.res);
  } catch {
    // The client went away mid-download; nothing to answer any more.
    ctx.res.destroy();
  }
}

async function downloadSignedBlob(ctx: RouteContext): Promise<void> {
  const assetId = numericParam(ctx, 'asset_id');
  const signature = ctx.query.get('sig') ?? '';
  if (ctx.state.downloadSignatures.get(signature) !== assetId) {
    throw new HttpError(
      403,
      'Server failed to authenticate the request. Make sure the value of the signature is formed correctly.',
    );
  }
  const found = findAssetAnywhere(ctx.state, assetId);
  if (!found || found.asset.state !== 'uploaded') throw notFound();
  await streamAsset(ctx, found.asset);
}

async function downloadByBrowserUrl(ctx: RouteContext): Promise<void> {
  // '*rest' is '<tag>/<name>'; tags may contain '/', asset names never do.
  const rest = ctx.params.rest ?? '';
  const cut = rest.lastIndexOf('/');
  if (cut <= 0) throw notFound();
  const tag = rest.slice(0, cut);
  const name = rest.slice(cut + 1);
  const release = ctx.repo.releases.find((r) => !r.draft && r.tagName === tag);
  const asset = release?.assets.find((a) => a.name === name && a.state === 'uploaded');
  if (!asset) throw notFound();
  await streamAsset(ctx, asset);
}

const base = '/repos/:owner/:repo/releases';

export const assetRoutes: Route[] = [
  { method: 'GET', pattern: `${base}/:release_id/assets`, permission: READ, handler: listAssets },
  { method: 'GET', pattern: `${base}/assets/:asset_id`, permission: READ, handler: getAsset },
  { method: 'PATCH', pattern: `${base}/assets/:asset_id`, permission: WRITE, handler: updateAsset },
  { method: 'DELETE', pattern: `${base}/assets/:asset_id`, permission: WRITE, handler: deleteAsset },
  { method: 'GET', pattern: '/_blobs/assets/:asset_id', permission: 'public', handler: downloadSignedBlob },
  { method: 'GET', pattern: '/:owner/:repo/releases/download/*rest', permission: READ, handler: downloadByBrowserUrl },
];
