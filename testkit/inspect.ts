/** Assertions' view of the emulator: published releases by tag with their assets' content digests. */
import { createHash } from 'node:crypto';
import type { Emulator, RepoHandle } from '../emulator/index.ts';
import { decodeMarker } from '../src/planning/marker.ts';
import type { Marker } from '../src/planning/types.ts';

export interface ReleaseView {
  id: number;
  tag: string;
  draft: boolean;
  marker: Marker | undefined;
  /** asset name → sha256 hex of the stored bytes */
  assets: Record<string, string>;
  states: string[];
  body: string;
  name: string;
}

export async function releasesOf(emulator: Emulator, repo: RepoHandle): Promise<ReleaseView[]> {
  const views: ReleaseView[] = [];
  for (const r of repo.releases()) {
    const assets: Record<string, string> = {};
    for (const a of r.assets) {
      assets[a.name] =
        a.state === 'uploaded'
          ? createHash('sha256')
              .update(await emulator.assetBytes(a.id))
              .digest('hex')
          : `(${a.state})`;
    }
    views.push({
      id: r.id,
      tag: r.tagName,
      draft: r.draft,
      marker: decodeMarker(r.body),
      assets,
      states: r.assets.map((a) => a.state),
      body: r.body ?? '',
      name: r.name ?? '',
    });
  }
  return views;
}

export function published(views: readonly ReleaseView[]): Map<string, ReleaseView> {
  return new Map(views.filter((v) => !v.draft).map((v) => [v.tag, v]));
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
