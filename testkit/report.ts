/** Plain-text tables of what the emulator holds, for the demo and the benchmarks' console output. */
import type { World } from './world.ts';
import { releasesOf } from './inspect.ts';

/** Right-pads each column to its widest cell; the first row is the header. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  return [line(header ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Every release of the world's repository: tag, name, marker's run number, one line per asset. */
export async function releaseTable(world: World, o: { includeDrafts?: boolean } = {}): Promise<string> {
  const views = new Map((await releasesOf(world.emulator, world.repo)).map((v) => [v.id, v]));
  const rows: string[][] = [['tag', 'name', 'run #', 'assets', 'size']];
  const records = world.repo
    .releases()
    .filter((r) => o.includeDrafts || !r.draft)
    .sort((a, b) => a.tagName.localeCompare(b.tagName));
  for (const release of records) {
    const marker = views.get(release.id)?.marker;
    const assets = [...release.assets].sort((a, b) => a.name.localeCompare(b.name));
    const first = [
      release.tagName + (release.draft ? ' (draft)' : ''),
      release.name ?? '',
      String(marker?.runNumber ?? '-'),
    ];
    if (assets.length === 0) rows.push([...first, '(none)', '']);
    assets.forEach((asset, i) => rows.push([...(i === 0 ? first : ['', '', '']), asset.name, humanSize(asset.size)]));
  }
  return textTable(rows);
}
