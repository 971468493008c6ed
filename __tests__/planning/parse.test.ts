import fc from 'fast-check';
import {
  MAX_DURATION_SECONDS,
  parseChoice,
  parseChoices,
  parseDuration,
  parseList,
  parseNonNegativeInt,
  parsePositiveInt,
  parseRepository,
} from '../../src/planning/parse.ts';

describe('parseDuration', () => {
  test.each([
    ['0', 0],
    ['90', 90],
    ['90s', 90],
    ['45m', 2700],
    ['12h', 43200],
    ['30d', 2592000],
    ['2w', 1209600],
    ['1d12h', 129600],
    ['1h30m15s', 5415],
    [' 7d\n', 604800],
    ['0d', 0],
    ['36525d', MAX_DURATION_SECONDS],
  ])('%j → %d', (value, seconds) => {
    expect(parseDuration('numbered-keep-age', value)).toBe(seconds);
  });

  test.each([
    '',
    ' ',
    '-1',
    '-1d',
    '1.5d',
    '1.5',
    '1e3',
    '30D',
    '30 d',
    'd',
    '30x',
    '1d 2h',
    'forever',
    '36526d',
    '99999999999999999999',
    '+5',
  ])('%j is rejected with a one-line message', (value) => {
    expect(() => parseDuration('numbered-keep-age', value)).toThrow(
      /^Input 'numbered-keep-age' has invalid value '.*': expected seconds or a duration like 30d, 12h, 45m, 90s or 1d12h \(0 = off\), at most 100 years$/,
    );
  });

  test('the message quotes the value and stays on one line', () => {
    expect(() => parseDuration('numbered-keep-age', '3\nweeks')).toThrow(
      "Input 'numbered-keep-age' has invalid value '3\\nweeks': expected seconds or a duration like 30d, 12h, 45m, 90s or 1d12h (0 = off), at most 100 years",
    );
  });

  test('property: n<unit> is n times the unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom<[string, number]>(['s', 1], ['m', 60], ['h', 3600], ['d', 86400]),
        (n, [unit, k]) => {
          expect(parseDuration('x', `${n}${unit}`)).toBe(n * k);
        },
      ),
    );
  });
});

describe('integers', () => {
  test.each([
    ['0', 0],
    ['7', 7],
    ['007', 7],
    [' 12 ', 12],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('parseNonNegativeInt(%j) = %d', (value, n) => {
    expect(parseNonNegativeInt('numbered-keep-count', value)).toBe(n);
  });

  test.each(['', '-1', '1.0', '1e2', '0x10', '+3', 'ten', '9007199254740992'])(
    'parseNonNegativeInt(%j) throws',
    (value) => {
      expect(() => parseNonNegativeInt('numbered-keep-count', value)).toThrow(
        `Input 'numbered-keep-count' has invalid value '${value}': expected a whole number ≥ 0`,
      );
    },
  );

  test('parsePositiveInt', () => {
    expect(parsePositiveInt('concurrency', '4')).toBe(4);
    expect(() => parsePositiveInt('concurrency', '0')).toThrow(
      "Input 'concurrency' has invalid value '0': expected a whole number ≥ 1",
    );
    expect(() => parsePositiveInt('concurrency', '-2')).toThrow(/expected a whole number ≥ 1/);
  });
});

describe('parseList', () => {
  test.each([
    ['', []],
    ['a', ['a']],
    ['push, schedule,workflow_dispatch', ['push', 'schedule', 'workflow_dispatch']],
    ['dist/*.zip\n  dist/*.tar.gz  \r\n\n,', ['dist/*.zip', 'dist/*.tar.gz']],
    [' , ,\n', []],
    ['a,a', ['a', 'a']],
  ])('%j', (value, items) => {
    expect(parseList(value)).toEqual(items);
  });
});

describe('parseRepository', () => {
  test.each([
    ['octo/hello', { owner: 'octo', repo: 'hello' }],
    [' my-org/my.repo_2 ', { owner: 'my-org', repo: 'my.repo_2' }],
    [`${'a'.repeat(39)}/${'r'.repeat(100)}`, { owner: 'a'.repeat(39), repo: 'r'.repeat(100) }],
    ['A1/.github', { owner: 'A1', repo: '.github' }],
  ])('%j', (value, expected) => {
    expect(parseRepository('repository', value)).toEqual(expected);
  });

  test.each([
    'x',
    '',
    'octo/',
    '/hello',
    'octo/hello/extra',
    '-octo/hello',
    'octo-/hello',
    'oc--to/hello',
    'oc_to/hello',
    `${'a'.repeat(40)}/hello`,
    `octo/${'r'.repeat(101)}`,
    'octo/.',
    'octo/..',
    'octo/hel lo',
    'octo/hél',
    'https://github.com/octo/hello',
  ])('%j is rejected', (value) => {
    expect(() => parseRepository('repository', value)).toThrow(
      `Input 'repository' has invalid value '${value}': expected OWNER/REPO, the owner up to 39 letters, digits and single hyphens, the repository up to 100 letters, digits, ".", "_" or "-"`,
    );
  });
});

describe('choices', () => {
  const modes = ['store', 'collect', 'publish', 'cleanup'] as const;
  test('parseChoice', () => {
    expect(parseChoice('mode', ' publish ', modes)).toBe('publish');
    expect(() => parseChoice('mode', 'Publish', modes)).toThrow(
      "Input 'mode' has invalid value 'Publish': expected one of store, collect, publish, cleanup",
    );
    expect(() => parseChoice('mode', '', modes)).toThrow(/expected one of/);
  });

  const scopes = ['current-job', 'current-run', 'previous-runs'] as const;
  test('parseChoices: list, deduplicated, order kept', () => {
    expect(parseChoices('scope', 'previous-runs, current-job\nprevious-runs', scopes)).toEqual([
      'previous-runs',
      'current-job',
    ]);
    expect(parseChoices('scope', '', scopes)).toEqual([]);
    expect(() => parseChoices('scope', 'current-job, everything', scopes)).toThrow(
      "Input 'scope' has invalid value 'current-job, everything': expected a comma- or newline-separated list of current-job, current-run, previous-runs; 'everything' is not one of them",
    );
  });
});
