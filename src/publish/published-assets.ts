/**
 * The `assets` output (SPEC §5): for each release this step published, every asset as GitHub
 * stored it — its name after GitHub's renaming, download URL, size and sha256 — read back from
 * GitHub after the writes (one listing per release), so download pages and auto-updaters get what
 * is really there, including assets an appended release already had.
 */
import type { Deps } from '../deps.ts';
import type { PublishKind } from '../planning/types.ts';
import type { Outcome } from './writer.ts';

export interface PublishedAsset {
  readonly name: string;
  readonly browser_download_url: string;
  readonly size: number;
  /** Hex; '' where GitHub reports no digest (older GitHub Enterprise Server). */
  readonly sha256: string;
}

export interface KindAssets {
  readonly kind: PublishKind;
  readonly tag: string;
  readonly assets: readonly PublishedAsset[];
}

export async function publishedAssets(outcomes: readonly Outcome[], deps: Pick<Deps, 'releases'>): Promise<KindAssets[]> {
  const published = outcomes.filter((o) => o.status === 'published');
  return Promise.all(
    published.map(async (o) => {
      const listed = await deps.releases.listAssets(o.releaseId);
      const assets = listed
        .filter((a) => a.state === 'uploaded')
        .map((a) => ({ name: a.name, browser_download_url: a.browserDownloadUrl, size: a.size, sha256: a.digest?.startsWith('sha256:') ? a.digest.slice('sha256:'.length) : '' }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { kind: o.kind, tag: o.tag, assets };
    }),
  );
}
