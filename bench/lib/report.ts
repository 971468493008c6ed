/** Turns samples into the medians the table and latest.json show. */
import type { Sample } from './sample.ts';
import { mb, median, rate, seconds, spread } from './stats.ts';

export interface Summary {
  runs: number;
  wallMs: number;
  wallMsSamples: number[];
  /** (max - min) / median of the wall times. */
  noise: number;
  bytes: number;
  bytesPerSecond: number;
  peakRssBytes: number;
  peakRssBytesMax: number;
  totalRequests: number;
  requests: Record<string, number>;
  maxParallelUploads: number;
  emulatorCpuMs: number;
}

/** Medians; request counts from the sample with the median wall time (they are the same in every run). */
export function summarise(samples: readonly Sample[]): Summary {
  const walls = samples.map((s) => s.wallMs);
  const mid = median(walls);
  const typical = [...samples].sort((a, b) => Math.abs(a.wallMs - mid) - Math.abs(b.wallMs - mid))[0] as Sample;
  return {
    runs: samples.length,
    wallMs: Math.round(mid),
    wallMsSamples: walls,
    noise: Number(spread(walls).toFixed(3)),
    bytes: typical.bytes,
    bytesPerSecond: Math.round(typical.bytes / (mid / 1000)),
    peakRssBytes: median(samples.map((s) => s.peakRssBytes)),
    peakRssBytesMax: Math.max(...samples.map((s) => s.peakRssBytes)),
    totalRequests: typical.totalRequests,
    requests: typical.requests,
    maxParallelUploads: median(samples.map((s) => s.maxParallelUploads)),
    emulatorCpuMs: Math.round(median(samples.map((s) => s.emulatorCpuMs))),
  };
}

export interface Row {
  id: string;
  label: string;
  action: Summary;
  floor?: Summary;
  note?: string;
}

export function ratio(row: Row): number | undefined {
  return row.floor ? Number((row.action.wallMs / row.floor.wallMs).toFixed(2)) : undefined;
}

/** A Markdown table (also readable on a terminal). */
export function table(rows: readonly Row[]): string {
  const lines = [
    '| workload | wall (median) | floor | ratio | throughput | peak RSS | floor RSS | requests | uploads at once | noise |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const a = row.action;
    const f = row.floor;
    const r = ratio(row);
    lines.push(
      `| ${row.id} ${row.label} | ${seconds(a.wallMs)} | ${f ? seconds(f.wallMs) : '–'} | ${r !== undefined ? `${r.toFixed(2)}×` : '–'} | ${rate(a.bytes, a.wallMs)} | ${mb(a.peakRssBytes)} | ${f ? mb(f.peakRssBytes) : '–'} | ${a.totalRequests}${f ? ` (floor ${f.totalRequests})` : ''} | ${a.maxParallelUploads} | ±${(a.noise * 50).toFixed(0)} % |`,
    );
  }
  for (const row of rows) if (row.note) lines.push('', `${row.id}: ${row.note}`);
  return lines.join('\n');
}

export function requestTable(rows: readonly Row[]): string {
  return rows
    .map(
      (row) =>
        `${row.id}: ${Object.entries(row.action.requests)
          .map(([k, n]) => `${k} ×${n}`)
          .join(', ')}`,
    )
    .join('\n');
}
