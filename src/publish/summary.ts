/** The publish step's outputs and job summary (SPEC §5), from its outcomes. */
import { humanBytes, markdownTable, shortDigest } from '../planning/format.ts';
import type { Outcome } from './writer.ts';
import type { AssetFile } from './uploader.ts';

export interface PublishReport {
  readonly outcomes: readonly Outcome[];
  readonly deleted: readonly string[];
  readonly files: readonly AssetFile[];
  readonly dryRun: boolean;
  readonly notice?: string;
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
  outputs.published = JSON.stringify(published);
  outputs.skipped = JSON.stringify(skipped);
  outputs.deleted = JSON.stringify(report.deleted);
  return outputs;
}

export function publishSummary(report: PublishReport): string {
  const title = report.dryRun ? '### CI Release Publisher: publish plan (dry run, nothing changed)' : '### CI Release Publisher: publish';
  const parts = [title];
  if (report.notice) parts.push(report.notice);
  if (report.outcomes.length > 0) {
    parts.push(markdownTable(['Kind', 'Release', 'Result'], report.outcomes.map((o) => [
      o.kind,
      o.status === 'published' ? `[${o.tag}](${o.url})` : `\`${o.tag}\``,
      o.status === 'published' ? (o.replaced ? `published (replaced the previous ${o.kind})` : 'published') : `skipped: ${o.reason}`,
    ])));
  }
  if (report.files.length > 0) {
    const total = report.files.reduce((sum, f) => sum + f.size, 0);
    parts.push(`**${report.files.length} assets, ${humanBytes(total)}**`);
    parts.push(markdownTable(['Asset', 'Size', 'SHA-256'], report.files.map((f) => [
      f.name,
      humanBytes(f.size),
      `<code title="${f.sha256}">${shortDigest(f.sha256)}</code>`,
    ])));
  }
  if (report.deleted.length > 0) parts.push(`Removed by retention: ${report.deleted.map((t) => `\`${t}\``).join(', ')}`);
  return `${parts.join('\n\n')}\n`;
}
