/**
 * The input rules, in process: getSettings with a reader over action.yml's defaults (as the runner
 * passes them) plus the inputs of each case. Every rule once valid, once invalid with its exact line.
 */
import { getSettings } from '../../src/inputs/index.ts';
import { InputError } from '../../src/errors.ts';
import type { PublishSettings } from '../../src/settings.ts';
import { actionDefaults } from '../../testkit/action-runner.ts';

const ENV = { currentRepository: { owner: 'octo', repo: 'app' }, workspace: '/tmp' };

function settings(inputs: Record<string, string>) {
  // Expressions in defaults are the runner's to resolve: here a token and a check-run id.
  const defaults = Object.fromEntries(Object.entries(actionDefaults()).filter(([, value]) => !value.includes('${{')));
  const values: Record<string, string> = {
    ...defaults,
    token: 'ghs_x',
    'job-id': '77',
    mode: 'publish',
    path: 'out',
    ...inputs,
  };
  return getSettings((name) => (values[name] ?? '').trim(), ENV);
}

function errorOf(inputs: Record<string, string>): string {
  try {
    settings(inputs);
  } catch (error) {
    expect(InputError.isInputError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('valid values', () => {
  test.each<[string, Record<string, string>, Partial<PublishSettings>]>([
    [
      'defaults',
      {},
      {
        skipUnchanged: true,
        tagExisting: 'fail',
        releaseTag: undefined,
        latestEvents: ['push', 'schedule', 'workflow_dispatch'],
        tagPrefix: 'ci',
        incompletePrefix: '_',
      },
    ],
    ['skip-unchanged off', { 'skip-unchanged': 'false' }, { skipUnchanged: false }],
    ['tag-existing append', { 'tag-existing': 'append' }, { tagExisting: 'append' }],
    ['tag-existing replace', { 'tag-existing': 'replace' }, { tagExisting: 'replace' }],
    ['tag-force-recreate is replace', { 'tag-force-recreate': 'true' }, { tagExisting: 'replace' }],
    [
      'tag-force-recreate with replace',
      { 'tag-force-recreate': 'true', 'tag-existing': 'replace' },
      { tagExisting: 'replace' },
    ],
    ['release-tag', { 'release-tag': 'v1.2.0' }, { releaseTag: 'v1.2.0' }],
    [
      'release-tag as a full ref, with a slash',
      { 'release-tag': 'refs/tags/app/v1.2.0' },
      { releaseTag: 'app/v1.2.0' },
    ],
    [
      'latest-events from GitHub’s list',
      { 'latest-events': 'push\nrelease, repository_dispatch' },
      { latestEvents: ['push', 'release', 'repository_dispatch'] },
    ],
    [
      'other prefixes',
      { 'tag-prefix': 'nightly', 'incomplete-prefix': 'wip-' },
      { tagPrefix: 'nightly', incompletePrefix: 'wip-' },
    ],
  ])('%s', (_, inputs, expected) => {
    expect(settings(inputs)).toMatchObject(expected);
  });

  test('per-kind titles are *-title', () => {
    const s = settings({ 'latest-title': 'Nightly {branch}', 'tag-title': 'Release {tag}' }) as PublishSettings;
    expect([s.looks.latest.title, s.looks.numbered.title, s.looks.tag.title]).toEqual([
      'Nightly {branch}',
      '',
      'Release {tag}',
    ]);
  });
});

describe('invalid values: one line naming input, value and what is allowed', () => {
  test.each<[string, Record<string, string>, string]>([
    [
      'skip-unchanged',
      { 'skip-unchanged': 'yes' },
      "Input 'skip-unchanged' has invalid value 'yes': expected 'true' or 'false'.",
    ],
    [
      'tag-existing',
      { 'tag-existing': 'merge' },
      "Input 'tag-existing' has invalid value 'merge': expected one of fail, replace, append",
    ],
    [
      'tag-force-recreate against append',
      { 'tag-existing': 'append', 'tag-force-recreate': 'true' },
      "Input 'tag-force-recreate' has invalid value 'true': it means tag-existing: replace, which contradicts tag-existing: append; set one of them.",
    ],
    [
      'tag-force-recreate not boolean',
      { 'tag-force-recreate': 'force' },
      "Input 'tag-force-recreate' has invalid value 'force': expected 'true' or 'false'.",
    ],
    [
      'release-tag with a space',
      { 'release-tag': 'v1 final' },
      "Input 'release-tag' has invalid value 'v1 final': expected the name of an existing git tag, e.g. v1.2.0 (letters, digits, '.', '_', '+', '-', parts separated by '/').",
    ],
    [
      'release-tag with ..',
      { 'release-tag': 'v1..2' },
      "Input 'release-tag' has invalid value 'v1..2': expected the name of an existing git tag, e.g. v1.2.0 (letters, digits, '.', '_', '+', '-', parts separated by '/').",
    ],
    [
      'an unknown event',
      { 'latest-events': 'push, nightly' },
      `Input 'latest-events' has invalid value 'push, nightly': 'nightly' is not an event that triggers workflows (GitHub's list: "Events that trigger workflows"); expected names such as push, schedule, workflow_dispatch.`,
    ],
    [
      'a misspelt event',
      { 'latest-events': 'workflow-dispatch' },
      `Input 'latest-events' has invalid value 'workflow-dispatch': 'workflow-dispatch' is not an event that triggers workflows (GitHub's list: "Events that trigger workflows"); expected names such as push, schedule, workflow_dispatch.`,
    ],
    [
      'no events at all',
      { 'latest-events': ' , ' },
      "Input 'latest-events' has invalid value ',': expected event names such as push, schedule, workflow_dispatch.",
    ],
    [
      'an empty tag-prefix',
      { 'tag-prefix': '' },
      "Input 'tag-prefix' has invalid value '': expected letters, digits, `.`, `_` or `-`, not starting with `.` or `-`; it must not be empty (the default is 'ci').",
    ],
    [
      'a tag-prefix with a space',
      { 'tag-prefix': 'my ci' },
      "Input 'tag-prefix' has invalid value 'my ci': expected letters, digits, `.`, `_` or `-`, not starting with `.` or `-`.",
    ],
    [
      'an empty incomplete-prefix',
      { 'incomplete-prefix': '' },
      "Input 'incomplete-prefix' has invalid value '': expected one or more letters, digits, `_`, `.` or `-` (not empty), different from tag-prefix 'ci'.",
    ],
    [
      'latest-make-latest',
      { 'latest-make-latest': 'always' },
      "Input 'latest-make-latest' has invalid value 'always': expected one of true, false, legacy.",
    ],
  ])('%s', (_, inputs, message) => {
    expect(errorOf(inputs)).toBe(message);
    expect(message).not.toContain('\n');
  });
});
