/** Reads the emulator's request log: requests by kind, and how many uploads were in flight at once. */
import type { RequestLogEntry } from '../../emulator/index.ts';

/** `METHOD /path` with ids, owner/repo and tags generalised, e.g. `POST upload asset`. */
export function kindOf(entry: RequestLogEntry): string {
  let path = entry.path;
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep it raw */
  }
  if (path.startsWith('/api/uploads/')) return `${entry.method} upload asset`;
  if (path.startsWith('/twirp/')) return `${entry.method} twirp ${path.split('/').pop() ?? ''}`;
  if (path.startsWith('/devstoreaccount1/')) return `${entry.method} blob ${entry.query.comp ?? ''}`.trim();
  const generic = path
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/:o/:r')
    .replace(/\/releases\/tags\/.+$/, '/releases/tags/:tag')
    .replace(/\/git\/(refs|ref)\/tags\/.+$/, '/git/$1/tags/:tag')
    .replace(/\/\d+(?=\/|$)/g, '/:id');
  return `${entry.method} ${generic}`;
}

export function countByKind(entries: readonly RequestLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[kindOf(entry)] = (counts[kindOf(entry)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

/** Largest number of upload requests in flight at the same moment (from arrival and answer times). */
export function maxParallelUploads(entries: readonly RequestLogEntry[]): number {
  const events: [number, number][] = [];
  for (const entry of entries) {
    if (!entry.path.startsWith('/api/uploads/')) continue;
    events.push([entry.at, 1], [entry.doneAt ?? entry.at, -1]);
  }
  // Ends before starts at the same millisecond: back-to-back requests do not count as overlapping.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of events) {
    now += delta;
    max = Math.max(max, now);
  }
  return max;
}

/** Compact "kind ×n" list for the table. */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ');
}
