/**
 * The names and bodies of the releases one publish makes: templates with placeholders, the
 * defaults, the checksum table and the marker. Pure: the caller passes the run's facts and `now`.
 */
import type { Marker, PublishKind } from './types.ts';
import { renderTemplate } from './naming.ts';
import { humanBytes, markdownTable } from './format.ts';
import { withMarker } from './marker.ts';

export const DEFAULT_NAMES: Readonly<Record<PublishKind, string>> = {
  latest: 'Latest {branch} build',
  numbered: '{branch} build #{run_number}',
  tag: '{tag}',
};

export const DEFAULT_BODY =
  'Built from {repository}@{short_sha} on {branch} by [run #{run_number}]({run_url}) on {date}.\n\n{changes}';
export const DEFAULT_TAG_BODY =
  'Built from {repository}@{short_sha} (tag {tag}) by [run #{run_number}]({run_url}) on {date}.';

export interface ContentFacts {
  readonly repository: string;
  readonly serverUrl: string;
  readonly branch: string;
  readonly tag: string;
  readonly runId: number;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly sha: string;
  readonly now: Date;
}

export interface ChecksumRow {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

/** A markdown table of every asset with its full sha256, for the release body and job summary. */
export function checksumTable(rows: readonly ChecksumRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return markdownTable(
    ['File', 'Size', 'SHA-256'],
    sorted.map((r) => [r.name, humanBytes(r.size), `\`${r.sha256}\``]),
  );
}

/** The body template of a kind: the user's, or the default. */
export function bodyTemplate(kind: PublishKind, look: { readonly body: string }): string {
  return look.body || (kind === 'tag' ? DEFAULT_TAG_BODY : DEFAULT_BODY);
}

/** True when the kind's title or body asks for `{changes}` (only then is the comparison read). */
export function wantsChanges(kind: PublishKind, look: { readonly title: string; readonly body: string }): boolean {
  return bodyTemplate(kind, look).includes('{changes}') || look.title.includes('{changes}');
}

export function placeholderValues(facts: ContentFacts, checksums: string, changes = ''): Record<string, string> {
  return {
    branch: facts.branch,
    tag: facts.tag,
    run_number: String(facts.runNumber),
    run_id: String(facts.runId),
    run_attempt: String(facts.runAttempt),
    run_url: `${facts.serverUrl}/${facts.repository}/actions/runs/${facts.runId}`,
    sha: facts.sha,
    short_sha: facts.sha.slice(0, 7),
    date: facts.now.toISOString().slice(0, 10),
    repository: facts.repository,
    checksums,
    changes,
  };
}

export interface ReleaseContent {
  readonly name: string;
  readonly body: string;
}

/**
 * Name and body of one release. An empty template means the default. With checksums on, the
 * table goes where `{checksums}` stands or, without that placeholder, at the end.
 */
export function releaseContent(
  kind: PublishKind,
  look: { readonly title: string; readonly body: string },
  facts: ContentFacts,
  table: string | undefined,
  marker: Marker,
  changes = '',
): ReleaseContent {
  const vars = placeholderValues(facts, table ?? '', changes);
  const name = renderTemplate(look.title || DEFAULT_NAMES[kind], vars);
  const template = bodyTemplate(kind, look);
  let body = renderTemplate(template, vars).trimEnd();
  if (table !== undefined && !template.includes('{checksums}')) body = `${body}\n\n${table}`;
  return { name, body: withMarker(body, marker) };
}
