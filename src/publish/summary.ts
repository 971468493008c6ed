/**
 * The publish step's outputs and job summary (SPEC §5), from its outcomes. The summary is read on
 * the run's page: releases as links, each asset linked to its download under the name GitHub gives
 * it, sizes in binary units, digests shortened in the table with every full digest one click away
 * (in `sha256sum -c` form, so it can be copied as is).
 */
import { humanBytes, markdownTable, sha256SumsFile, shortDigest } from '../planning/format.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import type { PublishKind } from '../planning/types.ts';
import type { Outcome } from './writer.ts';
import type { AssetFile } from './uploader.ts';
import type { NotMade } from './targets.ts';
import type { KindAssets } from './published-assets.ts';

/** A release a dry run would make (nothing is written). */
export interface PlannedRelease {
  readonly kind: PublishKind;
  readonly tag: string;
  /** What would happen, e.g. `create` or `replace release 42`. */
  readonly action: string;
}

export interface PublishReport {
  readonly outcomes: readonly Outcome[];
  readonly deleted: readonly string[];
  readonly files: readonly AssetFile[];
  readonly dryRun: boolean;
  readonly notice?: string;
  /** Dry run only: the releases it would make. */
  readonly planned?: readonly PlannedRelease[];
  /** Dry run only: the tags it would move (`tag → commit`). */
  readonly tagMoves?: readonly string[];
  /** Dry run only: the Numbered releases (and tags) retention would delete. */
  readonly retention?: readonly string[];
  /** Kinds asked for that this run does not make (e.g. Latest on a tag run). */
  readonly notMade?: readonly NotMade[];
  /** What each published release holds, as GitHub stored it. */
  readonly assets?: readonly KindAssets[];
  /** The SHA256SUMS on disk; '' without checksums. */
  readonly checksumsFile?: string;
  /** The plan's API cost (and pacing time), counted before the first write. */
  readonly cost?: string;
}

export function publishOutputs(report: PublishReport): Record<string, string> {
  const outputs: Record<string, string> = {};
  const published = [];
  const skipped = [];
  for (const o of report.outcomes) {
    outputs[`${o.kind}-tag`] = o.tag;
    if (o.status === 'published') {
      outputs[`${o.kind}-url`] = o.url;
      outputs[`${o.kind}-release-id`] = String(o.releaseId);
      published.push({ kind: o.kind, tag: o.tag, url: o.url });
    } else {
      skipped.push({ kind: o.kind, tag: o.tag, reason: o.reason });
    }
  }
  for (const n of report.notMade ?? []) skipped.push({ kind: n.kind, reason: n.reason });
  outputs.published = JSON.stringify(published);
  outputs.skipped = JSON.stringify(skipped);
  outputs.deleted = JSON.stringify(report.deleted);
  outputs.assets = JSON.stringify(report.assets ?? []);
  outputs['checksums-file'] = report.checksumsFile ?? '';
  return outputs;
}

const KIND_NAMES: Readonly<Record<PublishKind, string>> = { latest: 'Latest', numbered: 'Numbered', tag: 'Tag' };

function resultCell(o: Outcome): string {
  if (o.status === 'skipped') return `⏭️ skipped: ${o.reason}`;
  return o.replaced ? `✅ published (replaced the previous ${KIND_NAMES[o.kind]} release)` : '✅ published';
}

/** `…/releases/tag/<tag>` → the asset's `…/releases/download/<tag>/<name>`. */
function downloadUrl(releaseUrl: string, assetName: string): string {
  return `${releaseUrl.replace('/releases/tag/', '/releases/download/')}/${encodeURIComponent(assetName)}`;
}

/** One asset row: the name GitHub gave it (or, before publishing, is expected to give it). */
interface AssetRow {
  readonly name: string;
  readonly localName: string;
  readonly size: number;
  readonly sha256: string;
}

/** An asset cell: GitHub's name for it, linked when a release holds it, and the local name if GitHub renamed it. */
function assetCell(row: AssetRow, releaseUrl: string | undefined): string {
  const shown = releaseUrl ? `[${row.name}](${downloadUrl(releaseUrl, row.name)})` : row.name;
  return row.name === row.localName ? shown : `${shown} (from \`${row.localName}\`)`;
}

function assetsSection(rows: readonly AssetRow[], releaseUrl: string | undefined): string[] {
  const total = rows.reduce((sum, f) => sum + f.size, 0);
  const cells = rows.map((f) => [assetCell(f, releaseUrl), humanBytes(f.size), `\`${shortDigest(f.sha256)}\``]);
  const sums = sha256SumsFile(rows);
  return [
    `${rows.length} assets, ${humanBytes(total)} in total${releaseUrl ? ' (links download from the first release above)' : ''}:`,
    markdownTable(['Asset', 'Size', 'SHA-256'], cells).trimEnd(),
    `<details><summary>Full SHA-256 digests</summary>\n\n\`\`\`\n${sums}\`\`\`\n\n</details>`,
  ];
}

export function publishSummary(report: PublishReport): string {
  const title = report.dryRun
    ? '### CI Release Publisher: publish plan (dry run, nothing changed)'
    : '### CI Release Publisher: publish';
  const parts = [title];
  if (report.notice) parts.push(report.notice);
  const releases = [
    ...report.outcomes.map((o) => [
      KIND_NAMES[o.kind],
      o.status === 'published' ? `[${o.tag}](${o.url})` : `\`${o.tag}\``,
      resultCell(o),
    ]),
    ...(report.planned ?? []).map((p) => [KIND_NAMES[p.kind], `\`${p.tag}\``, `would ${p.action}`]),
    ...(report.notMade ?? []).map((n) => [KIND_NAMES[n.kind], '—', `⏭️ not made: ${n.reason}`]),
  ];
  if (releases.length > 0) parts.push(markdownTable(['Kind', 'Release', 'Result'], releases).trimEnd());
  if (report.cost) parts.push(report.cost);
  const firstPublished = report.outcomes.find((o) => o.status === 'published');
  // Published: the names GitHub returned. Otherwise (dry run, skipped) the names it is expected to give.
  const rows =
    firstPublished?.status === 'published'
      ? firstPublished.assets
      : report.files.map((f) => ({
          name: sanitizeAssetName(f.name),
          localName: f.name,
          size: f.size,
          sha256: f.sha256,
        }));
  if (rows.length > 0)
    parts.push(...assetsSection(rows, firstPublished?.status === 'published' ? firstPublished.url : undefined));
  if (report.deleted.length > 0) parts.push(`Retention removed ${report.deleted.map((t) => `\`${t}\``).join(', ')}.`);
  if (report.tagMoves && report.tagMoves.length > 0)
    parts.push(`Would move the tags ${report.tagMoves.map((t) => `\`${t}\``).join(', ')}.`);
  if (report.retention && report.retention.length > 0)
    parts.push(`Retention would delete the releases and tags ${report.retention.map((t) => `\`${t}\``).join(', ')}.`);
  return `${parts.join('\n\n')}\n`;
}
