/**
 * Every bad-input rule of SPEC §6, in process: getSettings over action.yml's defaults plus each case's
 * inputs throws one InputError line naming input, value and what is allowed. The cases are the ones
 * the end-to-end test sends through the bundle; those refused only once files are looked at (globs,
 * sizes, names) are listed by name, so a rule moving between the two stages fails here.
 */
import { getSettings } from '../../src/inputs/index.ts';
import { InputError } from '../../src/errors.ts';
import { actionDefaults } from '../../testkit/action-runner.ts';
import { BAD_INPUT_CASES } from './bad-input-cases.ts';

const ENV = { currentRepository: { owner: 'octo', repo: 'app' }, workspace: '/tmp/crp-inputs-workspace' };

/** Refused after the settings are read: by the file selector or the pre-write checks of files. */
const REFUSED_AT_FILES = new Set([
  'glob matching nothing',
  'path outside the workspace',
  'an empty file',
  'two files with one asset name',
  'a user file named like the checksum asset',
]);

function read(inputs: Record<string, string>): () => unknown {
  // Expressions in defaults are the runner's to resolve: here a token and a check-run id.
  const defaults = Object.fromEntries(Object.entries(actionDefaults()).filter(([, value]) => !value.includes('${{')));
  const values: Record<string, string> = { ...defaults, token: 'ghs_x', 'job-id': '77', ...inputs };
  return () => getSettings((name) => (values[name] ?? '').trim(), ENV);
}

const parsing = BAD_INPUT_CASES.filter((c) => !REFUSED_AT_FILES.has(c.name));

test('every case named as refused at the files stage exists', () => {
  const names = new Set(BAD_INPUT_CASES.map((c) => c.name));
  expect([...REFUSED_AT_FILES].filter((name) => !names.has(name))).toEqual([]);
});

test.each(parsing)('$name: getSettings throws one line naming input, value and what is allowed', (c) => {
  let message: string | undefined;
  try {
    read(c.inputs)();
  } catch (error) {
    expect(InputError.isInputError(error)).toBe(true);
    message = (error as Error).message;
  }
  expect(message).toBeDefined();
  expect(message).not.toContain('\n');
  for (const expected of c.expect) expect(message).toMatch(expected);
});

test.each(BAD_INPUT_CASES.filter((c) => REFUSED_AT_FILES.has(c.name)))(
  '$name: the settings themselves are valid',
  (c) => {
    expect(read(c.inputs)).not.toThrow();
  },
);
