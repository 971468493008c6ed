/**
 * The bad inputs of SPEC §6, shared by the end-to-end test (through the bundle: exit 1, no write) and
 * the in-process table test of src/inputs/ (getSettings throws the same one line).
 */
export const FILES = { 'out/a.txt': 'a', 'out/b.txt': 'b' };

export interface Case {
  name: string;
  inputs: Record<string, string>;
  /** Every one of these must appear in the single error line. */
  expect: (string | RegExp)[];
  files?: Record<string, string>;
}

export const BAD_INPUT_CASES: Case[] = [
  {
    name: 'missing mode',
    inputs: { mode: '' },
    expect: ["Input 'mode' is required", 'store, collect, publish, cleanup'],
  },
  { name: 'unknown mode', inputs: { mode: 'release' }, expect: ["'mode'", "'release'", 'publish'] },
  {
    name: 'malformed repository',
    inputs: { mode: 'publish', path: 'out', repository: 'not a repo' },
    expect: ["'repository'", "'not a repo'", 'OWNER/REPO'],
  },
  {
    name: 'repository with three parts',
    inputs: { mode: 'publish', path: 'out', repository: 'a/b/c' },
    expect: ["'repository'", "'a/b/c'"],
  },
  {
    name: 'unknown backend',
    inputs: { mode: 'store', path: 'out/*', backend: 's3' },
    expect: ["'backend'", "'s3'", 'auto', 'artifacts', 'releases'],
  },
  {
    name: 'unknown cleanup scope',
    inputs: { mode: 'cleanup', scope: 'everything' },
    expect: ["'scope'", "'everything'", 'current-job'],
  },
  {
    name: 'unknown cleanup what',
    inputs: { mode: 'cleanup', what: 'releases' },
    expect: ["'what'", "'releases'", 'incomplete'],
  },
  {
    name: 'negative keep count',
    inputs: { mode: 'publish', path: 'out', 'numbered-keep-count': '-1' },
    expect: ["'numbered-keep-count'", "'-1'"],
  },
  {
    name: 'malformed keep age',
    inputs: { mode: 'publish', path: 'out', 'numbered-keep-age': '3 weeks' },
    expect: ["'numbered-keep-age'", "'3 weeks'"],
  },
  {
    name: 'no retention at all',
    inputs: { mode: 'publish', path: 'out', 'numbered-keep-count': '0', 'numbered-keep-age': '0' },
    expect: ["'numbered-keep-count'", "'numbered-keep-age'", 'at least one'],
  },
  {
    name: 'concurrency out of range',
    inputs: { mode: 'publish', path: 'out', concurrency: '64' },
    expect: ["'concurrency'", "'64'", '1 to 8'],
  },
  {
    name: 'concurrency not a number',
    inputs: { mode: 'publish', path: 'out', concurrency: 'many' },
    expect: ["'concurrency'", "'many'"],
  },
  {
    name: 'non-boolean latest',
    inputs: { mode: 'publish', path: 'out', latest: 'yes' },
    expect: ["'latest'", "'yes'", "'true' or 'false'"],
  },
  {
    name: 'non-boolean dry-run',
    inputs: { mode: 'publish', path: 'out', 'dry-run': '1' },
    expect: ["'dry-run'", "'1'"],
  },
  {
    name: 'unknown make-latest',
    inputs: { mode: 'publish', path: 'out', 'latest-make-latest': 'always' },
    expect: ["'latest-make-latest'", "'always'", 'legacy'],
  },
  {
    name: 'make-latest true on a prerelease',
    inputs: { mode: 'publish', path: 'out', 'tag-make-latest': 'true', 'tag-prerelease': 'true' },
    expect: ["'tag-make-latest'", 'prerelease'],
  },
  {
    name: 'body and body-path together',
    inputs: { mode: 'publish', path: 'out', 'latest-body': 'x', 'latest-body-path': 'notes.md' },
    expect: ["'latest-body'", "'latest-body-path'"],
  },
  {
    name: 'body-path that does not exist',
    inputs: { mode: 'publish', path: 'out', 'numbered-body-path': 'missing.md' },
    expect: ["'numbered-body-path'", "'missing.md'", 'cannot be read'],
  },
  {
    name: 'body over 125000 characters',
    inputs: { mode: 'publish', path: 'out', 'latest-body': 'x'.repeat(125_001) },
    expect: ["'latest-body'", '125'],
  },
  {
    name: 'bad latest-events',
    inputs: { mode: 'publish', path: 'out', 'latest-events': 'push; schedule' },
    expect: ["'latest-events'"],
  },
  {
    name: 'an event GitHub does not have in latest-events',
    inputs: { mode: 'publish', path: 'out', 'latest-events': 'push, nightly' },
    expect: [
      "Input 'latest-events' has invalid value 'push, nightly'",
      "'nightly' is not an event that triggers workflows",
    ],
  },
  {
    name: 'an empty tag-prefix',
    inputs: { mode: 'publish', path: 'out', 'tag-prefix': '' },
    expect: ["Input 'tag-prefix' has invalid value ''", 'must not be empty'],
  },
  {
    name: 'an empty incomplete-prefix',
    inputs: { mode: 'publish', path: 'out', 'incomplete-prefix': '' },
    expect: ["Input 'incomplete-prefix' has invalid value ''", 'not empty'],
  },
  {
    name: 'unknown tag-existing',
    inputs: { mode: 'publish', path: 'out', 'tag-existing': 'merge' },
    expect: ["'tag-existing'", "'merge'", 'fail, replace, append'],
  },
  {
    name: 'tag-force-recreate with tag-existing append',
    inputs: { mode: 'publish', path: 'out', 'tag-existing': 'append', 'tag-force-recreate': 'true' },
    expect: ["Input 'tag-force-recreate' has invalid value 'true'", 'tag-existing: append'],
  },
  {
    name: 'non-boolean skip-unchanged',
    inputs: { mode: 'publish', path: 'out', 'skip-unchanged': 'sometimes' },
    expect: ["Input 'skip-unchanged' has invalid value 'sometimes'", "'true' or 'false'"],
  },
  {
    name: 'release-tag that is no tag name',
    inputs: { mode: 'publish', path: 'out', 'release-tag': 'v1 final' },
    expect: ["Input 'release-tag' has invalid value 'v1 final'", 'existing git tag'],
  },
  { name: 'publish without path', inputs: { mode: 'publish', path: '' }, expect: ["Input 'path' is required"] },
  {
    name: 'glob matching nothing',
    inputs: { mode: 'publish', path: 'dist/*.zip' },
    expect: ["'path'", 'dist/*.zip', 'matches no file'],
  },
  {
    name: 'path outside the workspace',
    inputs: { mode: 'publish', path: '../../etc/hostname' },
    expect: ["'path'", 'outside the workspace'],
  },
  {
    name: 'invalid tag-prefix',
    inputs: { mode: 'publish', path: 'out', 'tag-prefix': 'nightly builds' },
    expect: ["'tag-prefix'", "'nightly builds'"],
  },
  {
    name: 'incomplete-prefix equal to tag-prefix',
    inputs: { mode: 'publish', path: 'out', 'incomplete-prefix': 'ci' },
    expect: ["'incomplete-prefix'", "'ci'"],
  },
  { name: 'non-numeric job-id', inputs: { mode: 'cleanup', 'job-id': 'build-1' }, expect: ["'job-id'", "'build-1'"] },
  {
    name: 'retention-days over 90',
    inputs: { mode: 'store', path: 'out/*', 'retention-days': '400' },
    expect: ["'retention-days'", "'400'", '90'],
  },
  {
    name: 'unknown if-no-files-found',
    inputs: { mode: 'store', path: 'out/*', 'if-no-files-found': 'fail' },
    expect: ["'if-no-files-found'", "'fail'", 'error, warn'],
  },
  {
    name: 'an empty file',
    inputs: { mode: 'publish', path: 'out' },
    files: { 'out/a.txt': 'a', 'out/empty.bin': '' },
    expect: ['empty.bin', /0 bytes|empty/],
  },
  {
    name: 'two files with one asset name',
    inputs: { mode: 'publish', path: 'out' },
    files: { 'out/x/app.zip': '1', 'out/y/app.zip': '2' },
    expect: ['out/x/app.zip', 'out/y/app.zip'],
  },
  {
    name: 'a user file named like the checksum asset',
    inputs: { mode: 'publish', path: 'out' },
    files: { 'out/SHA256SUMS': 'mine' },
    expect: ['SHA256SUMS'],
  },
];
