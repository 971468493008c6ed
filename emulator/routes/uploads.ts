/**
 * Release asset upload (the `upload_url` endpoint). The body is streamed to disk while hashed, never
 * buffered: benchmarks push GiB-sized files through it. Like GitHub, the asset exists in state
 * 'starter' from the first byte, so an aborted upload leaves it behind, holding its name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Route, RouteContext } from '../http.ts';
import { HttpError, numericParam, sendJson, validationFailed } from '../http.ts';
import { assertMutableAssets } from '../release-rules.ts';
import { assetJson } from '../shapes.ts';
import type { AssetRecord } from '../state.ts';
import { allocateId, nodeIdFor, nowIso } from '../state.ts';
import { hasAssetNamed, sanitizeAssetName } from './assets.ts';
import { visibleRelease } from './releases.ts';

export const MAX_ASSET_BYTES = 2 * 1024 * 1024 * 1024;
export const MAX_ASSETS_PER_RELEASE = 1000;

/** Counts and hashes bytes on their way to disk; can cut the connection halfway for `reset` faults. */
class HashingCounter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  private readonly cutAfter: number | null;
  private readonly cut: () => void;

  constructor(cutAfter: number | null, cut: () => void) {
    super();
    this.cutAfter = cutAfter;
    this.cut = cut;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.cutAfter !== null && this.bytes >= this.cutAfter) {
      this.cut();
      callback(new Error('connection reset by fault injection'));
      return;
    }
    callback(null, chunk);
  }
}

function declaredLength(ctx: RouteContext): number {
  const header = ctx.req.headers['content-length'];
  if (header === undefined) throw new HttpError(411, 'Length Required');
  if (!/^\d+$/.test(header)) throw new HttpError(400, 'Invalid Content-Length');
  return Number(header);
}

async function uploadAsset(ctx: RouteContext): Promise<void> {
  const release = visibleRelease(ctx, numericParam(ctx, 'release_id'));
  const rawName = ctx.query.get('name');
  if (!rawName) throw validationFailed('ReleaseAsset', 'missing_field', 'name');
  const size = declaredLength(ctx);
  assertMutableAssets(release, 'Cannot upload assets to an immutable release');
  if (size === 0) throw validationFailed('ReleaseAsset', 'custom', 'size', 'size must be greater than 0');
  if (size > MAX_ASSET_BYTES)
    throw validationFailed('ReleaseAsset', 'custom', 'size', 'size must be less than or equal to 2147483648');
  // A `+` reaches the name only when sent as `%2B` (a bare `+` in a query is a space): GitHub keeps it.
  const name = sanitizeAssetName(rawName, { keepPlus: true });
  if (hasAssetNamed(release, name)) throw validationFailed('ReleaseAsset', 'already_exists', 'name');
  if (release.assets.length >= MAX_ASSETS_PER_RELEASE) {
    throw validationFailed(
      'ReleaseAsset',
      'custom',
      'release',
      `a release can have at most ${MAX_ASSETS_PER_RELEASE} assets`,
    );
  }

  const id = allocateId(ctx.state);
  const now = nowIso();
  const asset: AssetRecord = {
    id,
    nodeId: nodeIdFor('ReleaseAsset', id),
    releaseId: release.id,
    name,
    label: ctx.query.get('label'),
    state: 'starter',
    contentType: ctx.req.headers['content-type'] ?? 'application/octet-stream',
    size: 0,
    digest: null,
    filePath: join(ctx.state.blobDir, `${id}-${randomBytes(6).toString('hex')}`),
    uploaderToken: ctx.token,
    createdAt: now,
    updatedAt: now,
    downloadCount: 0,
  };
  release.assets.push(asset);

  const cutAfter = ctx.resetMidBody ? Math.max(1, Math.floor(size / 2)) : null;
  const counter = new HashingCounter(cutAfter, () => ctx.req.socket?.destroy());
  try {
    await pipeline(ctx.req, counter, createWriteStream(asset.filePath));
  } catch {
    // Client went away (or the fault cut it): the 'starter' asset stays, as on GitHub.
    asset.size = counter.bytes;
    ctx.req.socket?.destroy();
    return;
  }
  if (counter.bytes !== size) {
    asset.size = counter.bytes;
    throw new HttpError(400, 'Body length does not match Content-Length');
  }
  asset.state = 'uploaded';
  asset.size = size;
  asset.digest = `sha256:${counter.hash.digest('hex')}`;
  asset.updatedAt = nowIso();
  sendJson(ctx.res, 201, assetJson(ctx, ctx.repo, release, asset));
}

export const uploadRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/api/uploads/repos/:owner/:repo/releases/:release_id/assets',
    permission: { scope: 'contents', level: 'write' },
    handler: uploadAsset,
    resetsMidBody: true,
  },
];
