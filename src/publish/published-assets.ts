/**
 * The `assets` output (SPEC §5): for each release this step published, every asset as GitHub
 * stored it — its name after GitHub's renaming, download URL, size and sha256 — read back from
 * GitHub after the writes (one listing per release), so download pages and auto-updaters get what
 * is really there, including assets an appended release already had.
 */
import type { Deps } from '../ports.ts';
import { isStatus } from '../github/api-errors.ts';
import type { AssetData } from '../ports.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import type { PublishKind } from '../planning/types.ts';
import type { AssetFile } from './uploader.ts';
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

/**
 * A newer run may already have replaced the release (a newer Latest, retention of a Numbered one):
 * then GitHub answers 404 and the assets are described from this step's own files under the names
 * GitHub gives them, at the URLs they had.
 */
async function listedOrSent(
  o: Extract<Outcome, { status: 'published' }>,
  deps: Pick<Deps, 'releases' | 'log'>,
  files: readonly AssetFile[],
): Promise<readonly AssetData[]> {
  // GitHub documents no cap on the assets a release object lists, but promises none either: an answer
  // with fewer complete assets than this step put there is not trusted.
  if (o.answered !== undefined && o.answered.filter((a) => a.state === 'uploaded').length >= o.assets.length)
    return o.answered;
  try {
    return await deps.releases.listAssets(o.releaseId);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
    deps.log.info(
      `Release ${o.tag} (${o.releaseId}) was replaced by a newer run before its assets were listed; the 'assets' output describes the files this step uploaded.`,
    );
    const base = o.url.replace('/releases/tag/', '/releases/download/');
    return files.map((f, index) => {
      const name = sanitizeAssetName(f.name);
      return {
        id: -1 - index,
        name,
        size: f.size,
        state: 'uploaded',
        digest: f.sha256 ? `sha256:${f.sha256}` : null,
        browserDownloadUrl: `${base}/${encodeURIComponent(name)}`,
      };
    });
  }
}

export async function publishedAssets(
  outcomes: readonly Outcome[],
  deps: Pick<Deps, 'releases' | 'log'>,
  files: readonly AssetFile[],
): Promise<KindAssets[]> {
  const published = outcomes.filter((o) => o.status === 'published');
  return Promise.all(
    published.map(async (o) => {
      const listed = await listedOrSent(o, deps, files);
      const assets = listed
        .filter((a) => a.state === 'uploaded')
        .map((a) => ({
          name: a.name,
          browser_download_url: a.browserDownloadUrl,
          size: a.size,
          sha256: a.digest?.startsWith('sha256:') ? a.digest.slice('sha256:'.length) : '',
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { kind: o.kind, tag: o.tag, assets };
    }),
  );
}
