/**
 * README.md: its input/output tables are exactly what `npm run docs` writes from action.yml, and the
 * guide stays honest: the migration table covers the Travis tool's commands and options, and every
 * error message quoted under Troubleshooting is one the code can print.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe as describeText, generatedReadme, renderTables } from '../../scripts/readme-tables.ts';
import { parse } from 'yaml';
import { ROOT, action, actionText, isThisAction, read, workflowErrors, type Step } from './files.ts';

const readme = (): string => read('README.md');

test('README keeps its first lines: install, demo, test', () => {
  const lines = readme().split('\n');
  expect(lines[0]).toBe('# CI Release Publisher');
  expect(lines.slice(2, 6).map((l) => l.split('#')[0]?.trim())).toEqual([
    '```sh',
    'npm ci',
    'npm run demo',
    'npm test',
  ]);
});

test('the input and output tables are exactly what npm run docs writes', () => {
  // On failure: run `npm run docs` and commit README.md.
  expect(readme()).toBe(generatedReadme(readme(), actionText()));
});

test('every input and output of action.yml has its row', () => {
  const text = readme();
  const a = action();
  for (const name of [...Object.keys(a.inputs), ...Object.keys(a.outputs)]) expect(text).toContain(`| \`${name}\` |`);
});

test('the sync check fails when action.yml gains an input the README lacks', () => {
  const changed = actionText().replace(
    /^inputs:\n/m,
    "inputs:\n  brand-new:\n    description: 'publish: something new.'\n    default: 'x'\n",
  );
  expect(generatedReadme(readme(), changed)).not.toBe(readme());
  expect(renderTables(changed).inputs).toContain('| `brand-new` | publish | `x` | Something new. |');
});

test('descriptions shared by modes keep every mode', () => {
  expect(describeText('store: globs. collect: a directory.')).toEqual({
    modes: 'store, collect',
    text: 'store: globs. collect: a directory.',
  });
  expect(describeText('publish: make Latest.')).toEqual({ modes: 'publish', text: 'Make Latest.' });
  expect(describeText('Token for the source.')).toEqual({ modes: 'all', text: 'Token for the source.' });
});

test('the Travis migration covers every command, cleanup script and publish option of the original tool', () => {
  const text = readme();
  const scripts = [
    'store.sh',
    'collect.sh',
    'publish.sh',
    'cleanup1.sh',
    'cleanup2.sh',
    'cleanup3.sh',
    'cleanup4.sh',
    'cleanup5.sh',
  ];
  const options = [
    '--latest-release',
    '--numbered-release',
    '--tag-release',
    '--latest-release-name',
    '--latest-release-check-event-type',
    '--numbered-release-keep-count',
    '--numbered-release-keep-time',
    '--tag-release-force-recreate',
    '--tag-prefix',
    '--tag-prefix-incomplete-releases',
    '--github-api-url',
    'CIRP_GITHUB_REPO_SLUG',
    'GITHUB_ACCESS_TOKEN',
  ];
  for (const item of [...scripts, ...options]) expect([item, text.includes(item)]).toEqual([item, true]);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/** Fixed parts of messages quoted under Troubleshooting; each must still be printed by src/. */
const QUOTED = [
  "' has invalid value '",
  "' is required",
  'which matches no file',
  'holds no files',
  'which lies outside the workspace',
  "are both 0 while 'numbered' is on",
  'GitHub does not accept empty release assets',
  'GitHub accepts release assets up to 2 GiB',
  "exceed GitHub's limit of",
  'would all be uploaded as the asset',
  'gives a release body of',
  'was not made by this action',
  'already exists (release id',
  'Permission check failed before any change on GitHub.',
  'most likely lacks',
  'holds a token GitHub does not accept',
  'failed: no answer from GitHub: ',
  'Cannot tell which job this is',
  'Two jobs stored files under the same asset name',
  'upload corrupted',
  'Pull-request runs never publish',
  'Latest already holds the newer run',
  'is corrupted',
  'set tag-existing: replace',
  'there with other bytes; nothing was uploaded.',
  'no such git tag in',
  'is not an event that triggers workflows',
  'unchanged since run #',
  'release: no earlier build to compare with.',
  'a tag run makes no Latest release',
  'not a tag run and no release-tag given',
];

test('every message quoted under Troubleshooting is one the code prints', () => {
  const code = sources(join(ROOT, 'src')).join('\n');
  const guide = readme();
  for (const quoted of QUOTED) {
    expect({ quoted, inReadme: guide.includes(quoted.replace(/^' /, '').replace(/ '$/, '')) }).toEqual({
      quoted,
      inReadme: true,
    });
    expect({ quoted, inCode: code.includes(quoted) }).toEqual({ quoted, inCode: true });
  }
});

/** The YAML blocks of a README section, in order. */
function yamlBlocks(heading: string): string[] {
  const text = readme();
  const start = text.indexOf(heading);
  const end = text.indexOf('\n## ', start + heading.length);
  return [...text.slice(start, end < 0 ? undefined : end).matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

test('the attestation recipe is a valid job for GitHub, with the permissions it needs and checksums-file fed to subject-checksums', () => {
  const [job] = yamlBlocks('### Attesting the build');
  expect(job).toBeDefined();
  const workflowText = `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n${job}`;
  expect(workflowErrors('attest.yml', workflowText)).toEqual([]);
  const parsed = parse(workflowText) as {
    jobs: {
      publish: {
        permissions: Record<string, string>;
        steps: (Step & { uses?: string; with?: Record<string, string> })[];
      };
    };
  };
  expect(parsed.jobs.publish.permissions).toMatchObject({
    'id-token': 'write',
    attestations: 'write',
    contents: 'write',
    actions: 'read',
  });
  const attest = parsed.jobs.publish.steps.find((step) => step.uses?.startsWith('actions/attest-build-provenance@'));
  expect(attest?.with?.['subject-checksums']).toBe('${{ steps.publish.outputs.checksums-file }}');
  const declared = new Set(Object.keys(action().inputs));
  for (const step of parsed.jobs.publish.steps.filter((s) => isThisAction(s.uses))) {
    for (const input of Object.keys(step.with ?? {})) expect([input, declared.has(input)]).toEqual([input, true]);
  }
  expect(Object.keys(action().outputs)).toContain('checksums-file');
});

test('the main example is a valid workflow that runs this action only with declared inputs', () => {
  const [example] = yamlBlocks('## A complete workflow');
  expect(workflowErrors('example.yml', example ?? '')).toEqual([]);
  const parsed = parse(example ?? '') as { jobs: Record<string, { permissions?: unknown; steps?: Step[] }> };
  const declared = new Set(Object.keys(action().inputs));
  for (const step of Object.values(parsed.jobs)
    .flatMap((j) => j.steps ?? [])
    .filter((s) => isThisAction(s.uses))) {
    for (const input of Object.keys(step.with ?? {})) expect([input, declared.has(input)]).toEqual([input, true]);
  }
  // GHES: store on the releases backend writes drafts and names its job through the jobs API.
  expect(parsed.jobs.build?.permissions).toEqual({ contents: 'write', actions: 'read' });
});
