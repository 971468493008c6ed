/**
 * The marker: a hidden HTML comment with JSON at the end of every release body this action writes
 * (SPEC §2). Retention and cleanup act only on releases whose marker matches; so decoding is strict
 * and anything doubtful reads as "no marker" (= a person's release, never touched).
 */
import type { Marker, ReleaseKind } from './types.ts';

/** Prefix of the hidden marker comment in release bodies. */
export const MARKER_PREFIX = 'ci-release-publisher';
const OPENER = `<!-- ${MARKER_PREFIX} `;
const CLOSER = ' -->';
const KINDS: readonly ReleaseKind[] = ['latest', 'numbered', 'tag', 'store'];
/** Key order of the encoded JSON, so equal markers encode to equal text. */
const KEYS = ['v', 'kind', 'workflowId', 'branch', 'tag', 'runId', 'runNumber', 'runAttempt', 'sha', 'jobId'] as const;
const INTEGER_KEYS = ['workflowId', 'runId', 'runNumber', 'runAttempt'] as const;

/**
 * `<!-- ci-release-publisher {json} -->`. Inside the JSON `-`, `<`, `>` and `&` are written as
 * `\u002d`, `\u003c`, `\u003e`, `\u0026` (still the same JSON), so no branch or tag can close the
 * comment early (`-->`, `--!>`), open another (`<!--`) or form an HTML entity. Throws on a marker
 * {@link decodeMarker} would reject: writing one would make the release unmanageable later.
 */
export function encodeMarker(m: Marker): string {
  const problem = markerProblem(m);
  if (problem !== undefined) throw new Error(`Refusing to write an invalid release marker: ${problem}`);
  const ordered: Record<string, unknown> = {};
  for (const key of KEYS) if (m[key] !== undefined) ordered[key] = m[key];
  const json = JSON.stringify(ordered).replace(
    /[-<>&]/g,
    (c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `${OPENER}${json}${CLOSER}`;
}

/**
 * The marker in a release body: the LAST `<!-- ci-release-publisher … -->` comment, strictly validated
 * (known keys only, `v` 1, known kind, positive integer ids, 40 lowercase hex `sha`, exactly one of
 * `branch`/`tag` as a non-empty string, `jobId` required on `store` and optional elsewhere).
 * Anything else, including a missing or truncated comment, is undefined. Never throws.
 */
export function decodeMarker(body: string | null | undefined): Marker | undefined {
  if (typeof body !== 'string') return undefined;
  const start = body.lastIndexOf(OPENER);
  if (start < 0) return undefined;
  const end = body.indexOf('-->', start + OPENER.length);
  if (end < 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body.slice(start + OPENER.length, end));
  } catch {
    return undefined;
  }
  return markerProblem(value) === undefined ? (value as Marker) : undefined;
}

/**
 * `body` with every marker comment already in it removed, trailing whitespace trimmed, then a blank
 * line and the encoded marker (only the marker when nothing else is left). Always ends with the
 * marker, so {@link decodeMarker} finds exactly `m`.
 */
export function withMarker(body: string, m: Marker): string {
  const marker = encodeMarker(m);
  let rest = body;
  // Loop: removing one comment can join two halves of an opener into a new one.
  for (;;) {
    const next = rest.replace(/<!-- ci-release-publisher [\s\S]*?-->/g, '');
    if (next === rest) break;
    rest = next;
  }
  rest = rest.trimEnd();
  return rest === '' ? marker : `${rest}\n\n${marker}`;
}

/** Which releases a decision may touch: one workflow and exactly one branch or one tag. */
export interface MarkerScope {
  readonly workflowId: number;
  readonly branch?: string;
  readonly tag?: string;
}

/**
 * True when the marker is this workflow's and names the same branch (scope.branch given) or the same
 * tag (scope.tag given), compared exactly. A scope with neither or both never matches: there is no
 * "any branch" and no pattern matching. The kind is the caller's to check.
 */
export function matchesScope(m: Marker | undefined, scope: MarkerScope): boolean {
  if (m === undefined || m.workflowId !== scope.workflowId) return false;
  const byBranch = scope.branch !== undefined;
  if (byBranch === (scope.tag !== undefined)) return false;
  return byBranch ? m.branch === scope.branch && m.tag === undefined : m.tag === scope.tag && m.branch === undefined;
}

/** Why `value` is not a valid marker, or undefined when it is one. */
function markerProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const record = value as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((k) => !(KEYS as readonly string[]).includes(k));
  if (unknownKey !== undefined) return `unknown key '${unknownKey}'`;
  if (record['v'] !== 1) return 'v is not 1';
  if (!(KINDS as readonly unknown[]).includes(record['kind'])) return 'unknown kind';
  for (const key of INTEGER_KEYS) if (!isPositiveInteger(record[key])) return `${key} is not a positive integer`;
  if (record['jobId'] !== undefined && !isPositiveInteger(record['jobId'])) return 'jobId is not a positive integer';
  if (record['kind'] === 'store' && record['jobId'] === undefined) return 'a store marker needs jobId';
  if (typeof record['sha'] !== 'string' || !/^[0-9a-f]{40}$/.test(record['sha']))
    return 'sha is not 40 lowercase hex digits';
  const hasBranch = record['branch'] !== undefined;
  const hasTag = record['tag'] !== undefined;
  if (hasBranch === hasTag) return 'needs exactly one of branch and tag';
  const name = hasBranch ? record['branch'] : record['tag'];
  if (typeof name !== 'string' || name === '') return 'branch/tag is not a non-empty string';
  if (record['kind'] === 'tag' && !hasTag) return 'a tag marker needs tag';
  if ((record['kind'] === 'latest' || record['kind'] === 'numbered') && !hasBranch)
    return `a ${record['kind']} marker needs branch`;
  return undefined;
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}
