import {
  wantsChanges,
  checksumTable,
  releaseContent,
  placeholderValues,
  type ContentFacts,
} from '../../src/planning/release-content.ts';
import { decodeMarker } from '../../src/planning/marker.ts';
import type { Marker } from '../../src/planning/types.ts';

const facts: ContentFacts = {
  repository: 'octo/app',
  serverUrl: 'https://github.com',
  branch: 'main',
  tag: '',
  runId: 1234,
  runNumber: 42,
  runAttempt: 2,
  sha: '0123456789abcdef0123456789abcdef01234567',
  now: new Date('2026-11-21T23:59:00Z'),
};
const marker: Marker = {
  v: 1,
  kind: 'latest',
  workflowId: 9,
  branch: 'main',
  runId: 1234,
  runNumber: 42,
  runAttempt: 2,
  sha: facts.sha,
};
const rows = [
  { name: 'b.zip', size: 2048, sha256: 'f'.repeat(64) },
  { name: 'a.tar.gz', size: 10, sha256: 'e'.repeat(64) },
];

test('placeholders cover SPEC §4 with the run URL and a short sha', () => {
  expect(placeholderValues(facts, 'T', 'C')).toEqual({
    branch: 'main',
    tag: '',
    run_number: '42',
    run_id: '1234',
    run_attempt: '2',
    run_url: 'https://github.com/octo/app/actions/runs/1234',
    sha: facts.sha,
    short_sha: '0123456',
    date: '2026-11-21',
    repository: 'octo/app',
    checksums: 'T',
    changes: 'C',
  });
});

test('defaults read well, end with the checksum table and carry the marker', () => {
  const c = releaseContent('latest', { title: '', body: '' }, facts, checksumTable(rows), marker);
  expect(c.name).toBe('Latest main build');
  expect(c.body).toMatch(
    /^Built from octo\/app@0123456 on main by \[run #42\]\(https:\/\/github.com\/octo\/app\/actions\/runs\/1234\) on 2026-11-21\./,
  );
  expect(c.body.indexOf('a.tar.gz')).toBeLessThan(c.body.indexOf('b.zip'));
  expect(c.body).toContain('e'.repeat(64));
  expect(decodeMarker(c.body)).toEqual(marker);
  expect(
    releaseContent('numbered', { title: '', body: '' }, facts, undefined, { ...marker, kind: 'numbered' }).name,
  ).toBe('main build #42');
});

test('the default Latest and Numbered bodies carry {changes} before the checksum table; the Tag body does not', () => {
  const c = releaseContent(
    'latest',
    { title: '', body: '' },
    facts,
    checksumTable(rows),
    marker,
    '3 commits since run #41',
  );
  expect(c.body).toMatch(/on 2026-11-21\.\n\n3 commits since run #41\n\n\| File/);
  expect(wantsChanges('latest', { title: '', body: '' })).toBe(true);
  expect(wantsChanges('numbered', { title: '', body: '' })).toBe(true);
  expect(wantsChanges('tag', { title: '', body: '' })).toBe(false);
  expect(wantsChanges('tag', { title: '', body: 'Changes: {changes}' })).toBe(true);
  expect(wantsChanges('latest', { title: '', body: 'No list' })).toBe(false);
  // Without a list the default body ends cleanly (no blank lines before the marker).
  expect(releaseContent('latest', { title: '', body: '' }, facts, undefined, marker).body).toMatch(
    /on 2026-11-21\.\n\n<!-- /,
  );
});

test('a {checksums} placeholder places the table; without checksums nothing is added', () => {
  const placed = releaseContent(
    'numbered',
    { title: 'N {run_number}', body: 'Files:\n{checksums}\nEnd' },
    facts,
    checksumTable(rows),
    marker,
  );
  expect(placed.name).toBe('N 42');
  expect(placed.body.startsWith('Files:\n| File')).toBe(true);
  expect(placed.body).toContain('\nEnd');
  const plain = releaseContent(
    'tag',
    { title: '', body: 'Just {tag}' },
    { ...facts, tag: 'v1.0.0' },
    undefined,
    marker,
  );
  expect(plain.body.split('\n')[0]).toBe('Just v1.0.0');
  expect(plain.body).not.toContain('| File');
});
