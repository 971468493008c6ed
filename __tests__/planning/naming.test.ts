import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  finalTagName,
  incompleteTagName,
  isValidTagComponent,
  parseFinalTagName,
  PLACEHOLDERS,
  renderTemplate,
  sanitizeAssetName,
  sanitizeRefComponent,
} from '../../src/planning/naming.ts';

const hash8 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 8);

/** git check-ref-format's rules for one component, written independently of the implementation. */
function gitAcceptsComponent(s: string): boolean {
  if (s === '' || s === '@' || s.includes('/') || s.startsWith('.') || s.endsWith('.') || s.endsWith('.lock'))
    return false;
  if (s.includes('..') || s.includes('@{')) return false;
  for (const c of s) {
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || ' ~^:?*[\\'.includes(c)) return false;
  }
  return true;
}

describe('isValidTagComponent', () => {
  test.each([
    ['main', true],
    ['release-1.2', true],
    ['v1.2.3+build.7', true],
    ['a_b', true],
    ['A', true],
    ['1', true],
    ['a'.repeat(200), true],
    ['a'.repeat(201), false],
    ['', false],
    ['feature/x', false],
    ['.hidden', false],
    ['-flag', false],
    ['a..b', false],
    ['end.', false],
    ['x.lock', false],
    ['x.locked', true],
    ['@', false],
    ['a@{b', false],
    ['user@host', false],
    ['a b', false],
    ['a\tb', false],
    ['a~1', false],
    ['a^', false],
    ['a:b', false],
    ['a?', false],
    ['a*', false],
    ['a[', false],
    ['a\\b', false],
    ['a\u007f', false],
    ['issue#12', false],
    ['100%', false],
    ['a&b', false],
    ['café', false],
    ['a-', true],
    ['_x', true],
  ])('%j → %s', (s, expected) => {
    expect(isValidTagComponent(s)).toBe(expected);
  });

  test('everything it accepts git accepts too', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        (s) => !isValidTagComponent(s) || gitAcceptsComponent(s),
      ),
    );
  });
});

describe('sanitizeRefComponent', () => {
  test.each([
    ['main', 'main'],
    ['feature-x', 'feature-x'],
    ['feature/x', `feature-x-${hash8('feature/x')}`],
    ['feature//x', `feature-x-${hash8('feature//x')}`],
    ['dependabot/npm_and_yarn/foo-1.2', `dependabot-npm_and_yarn-foo-1.2-${hash8('dependabot/npm_and_yarn/foo-1.2')}`],
    ['a..b', `a-b-${hash8('a..b')}`],
    ['.hidden', `hidden-${hash8('.hidden')}`],
    ['-x-', `x-${hash8('-x-')}`],
    ['x.lock', `x.lock-${hash8('x.lock')}`],
    ['fix: the ~thing~!', `fix-the-thing-${hash8('fix: the ~thing~!')}`],
    ['日本', hash8('日本')],
    ['///', hash8('///')],
    ['@', hash8('@')],
    ['café', `caf-${hash8('café')}`],
  ])('%j → %j', (branch, expected) => {
    expect(sanitizeRefComponent(branch)).toBe(expected);
  });

  test('a long branch is cut to 200 characters, hash included', () => {
    const branch = `${'a'.repeat(150)}/${'b'.repeat(150)}`;
    const out = sanitizeRefComponent(branch);
    expect(out).toBe(`${'a'.repeat(150)}-${'b'.repeat(40)}-${hash8(branch)}`);
    expect(out).toHaveLength(200);
  });

  test('always a valid component, deterministic', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', maxLength: 400, size: 'max' })),
        (branch) => {
          const out = sanitizeRefComponent(branch);
          return isValidTagComponent(out) && out === sanitizeRefComponent(branch);
        },
      ),
    );
  });

  test('two different branches that are not themselves sanitised forms map to different components', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
        (a, b) => {
          fc.pre(a !== b);
          return sanitizeRefComponent(a) !== sanitizeRefComponent(b);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('finalTagName / incompleteTagName', () => {
  test.each([
    [{ kind: 'latest', prefix: 'ci', branch: 'main' }, 'ci-main-latest', '_ci-main-latest'],
    [{ kind: 'numbered', prefix: 'ci', branch: 'main', runNumber: 41 }, 'ci-main-41', '_ci-main-41'],
    [{ kind: 'tag', prefix: 'ci', tag: 'v1.2.0' }, 'v1.2.0', '_ci-v1.2.0-tag'],
    [{ kind: 'tag', prefix: 'ci', tag: 'release/v1' }, 'release/v1', '_ci-release/v1-tag'],
    [
      { kind: 'latest', prefix: 'nightly', branch: 'feature/x' },
      `nightly-feature-x-${hash8('feature/x')}-latest`,
      `_nightly-feature-x-${hash8('feature/x')}-latest`,
    ],
  ] as const)('%j', (parts, final, incomplete) => {
    expect(finalTagName(parts)).toBe(final);
    expect(incompleteTagName({ ...parts, incompletePrefix: '_' })).toBe(incomplete);
  });

  test('feature/x and feature-x get different tags', () => {
    expect(finalTagName({ kind: 'latest', prefix: 'ci', branch: 'feature/x' })).not.toBe(
      finalTagName({ kind: 'latest', prefix: 'ci', branch: 'feature-x' }),
    );
  });

  test.each([
    [{ kind: 'latest', prefix: 'ci' }, /needs a branch/],
    [{ kind: 'latest', prefix: 'ci', branch: '' }, /needs a branch/],
    [{ kind: 'numbered', prefix: 'ci', branch: 'main' }, /positive integer run number/],
    [{ kind: 'numbered', prefix: 'ci', branch: 'main', runNumber: 0 }, /positive integer run number/],
    [{ kind: 'numbered', prefix: 'ci', branch: 'main', runNumber: 1.5 }, /positive integer run number/],
    [{ kind: 'tag', prefix: 'ci' }, /needs the pushed tag/],
    [{ kind: 'latest', prefix: '', branch: 'main' }, /Invalid tag prefix ''/],
    [{ kind: 'latest', prefix: 'a/b', branch: 'main' }, /Invalid tag prefix 'a\/b'/],
  ] as const)('%j throws', (parts, message) => {
    expect(() => finalTagName(parts)).toThrow(message);
  });

  test('incomplete prefix must be a valid component', () => {
    expect(() => incompleteTagName({ kind: 'latest', prefix: 'ci', branch: 'main', incompletePrefix: '' })).toThrow(
      /incomplete prefix/,
    );
    expect(() => incompleteTagName({ kind: 'tag', prefix: 'ci', tag: 'v1', incompletePrefix: 'a b' })).toThrow(
      /incomplete prefix/,
    );
    expect(
      incompleteTagName({ kind: 'numbered', prefix: 'ci', branch: 'main', runNumber: 3, incompletePrefix: 'tmp-' }),
    ).toBe('tmp-ci-main-3');
  });
});

describe('parseFinalTagName', () => {
  test.each([
    ['ci-main-latest', { kind: 'latest', branchComponent: 'main' }],
    ['ci-main-41', { kind: 'numbered', branchComponent: 'main', runNumber: 41 }],
    ['ci-foo-latest-latest', { kind: 'latest', branchComponent: 'foo-latest' }],
    ['ci-foo-latest-7', { kind: 'numbered', branchComponent: 'foo-latest', runNumber: 7 }],
    ['ci-12-3', { kind: 'numbered', branchComponent: '12', runNumber: 3 }],
    ['ci-ci-main-latest', { kind: 'latest', branchComponent: 'ci-main' }],
    ['ci-main-041', undefined],
    ['ci-main-0', undefined],
    ['ci-main', undefined],
    ['ci--latest', undefined],
    ['ci-latest', undefined],
    ['ci-.x-latest', undefined],
    ['cx-main-latest', undefined],
    ['v1.2.0', undefined],
    ['_ci-main-latest', undefined],
    ['ci-main-99999999999999999999', undefined],
  ])('%j', (tag, expected) => {
    expect(parseFinalTagName(tag, 'ci')).toEqual(expected);
  });

  test('round trip with finalTagName for any branch and run number', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('main', 'x-latest', '1-2', 'a-latest-3', 'feature/x')),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('ci', 'nightly', 'ci-x', 'a.b'),
        (branch, runNumber, prefix) => {
          fc.pre(branch !== '');
          const branchComponent = sanitizeRefComponent(branch);
          expect(parseFinalTagName(finalTagName({ kind: 'latest', prefix, branch }), prefix)).toEqual({
            kind: 'latest',
            branchComponent,
          });
          expect(parseFinalTagName(finalTagName({ kind: 'numbered', prefix, branch, runNumber }), prefix)).toEqual({
            kind: 'numbered',
            branchComponent,
            runNumber,
          });
        },
      ),
    );
  });
});

describe('sanitizeAssetName', () => {
  test.each([
    ['app-1.0.tar.gz', 'app-1.0.tar.gz'],
    ['My App 1.0.0 Setup.exe', 'My.App.1.0.0.Setup.exe'],
    ['tobwen-1.1.0-1~buster_amd64.deb', 'tobwen-1.1.0-1.buster_amd64.deb'],
    ['app.prod-v1.3.0-(15-5)-6064eac-release.apk', 'app.prod-v1.3.0-.15-5.-6064eac-release.apk'],
    ['pkg-1:2.0.tar.zst', 'pkg-1.2.0.tar.zst'],
    ['fake.      file.txt', 'fake.file.txt'],
    ['erick%%%%%!!!zhao.txt', 'erick.zhao.txt'],
    // travis-ci/dpl#821 saw the `+` go too: it sent it bare (a space in a query); sent as `%2B`, as
    // this action does, GitHub keeps it.
    ["a5_ !#$%&'()+,-.0123456789;=@XYZ[]^_`xyz{}~.txt", 'a5_.+.-.0123456789.XYZ._.xyz.txt'],
    ['lib+x.so', 'lib+x.so'],
    ['a5_ð_æ_©_ŋ.txt', 'a5_d_ae_._ng.txt'],
    ['a5_żółw.txt', 'a5_zolw.txt'],
    ['Ćwiczenie.pdf', 'Cwiczenie.pdf'],
    ['😀.pdf', 'default.pdf'],
    ['.env', 'default.env'],
    ['..x', 'default.x'],
    ['a..b', 'a..b'],
    ['name.', 'name'],
    ['', 'default'],
    ['   ', 'default'],
    ['dir/file.txt', 'dir.file.txt'],
    ['x_y-z.Z', 'x_y-z.Z'],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeAssetName(name)).toBe(expected);
  });

  test('output is made of [A-Za-z0-9._+-], starts and ends without a dot, and is stable', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
        const out = sanitizeAssetName(name);
        return /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/.test(out) && !out.endsWith('.') && sanitizeAssetName(out) === out;
      }),
    );
  });

  test('names already in the safe form without edge dots are unchanged', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,20}[A-Za-z0-9_-]$/),
        (name) => sanitizeAssetName(name) === name,
      ),
    );
  });
});

describe('renderTemplate', () => {
  test.each([
    ['CI build of {branch} #{run_number}', { branch: 'main', run_number: '41' }, 'CI build of main #41'],
    ['{unknown} and {branch}', { branch: 'x' }, '{unknown} and x'],
    ['{branch}{branch}', { branch: 'b' }, 'bb'],
    ['{branch}', { branch: '{sha}', sha: 'abc' }, '{sha}'],
    ['{Branch} {br-anch} {}', { branch: 'x' }, '{Branch} {br-anch} {}'],
    ['{{branch}}', { branch: 'x' }, '{x}'],
    ['{toString} {constructor}', {}, '{toString} {constructor}'],
    ['$& {branch}', { branch: '$1$&' }, '$& $1$&'],
    ['', { branch: 'x' }, ''],
  ])('%j', (template, vars, expected) => {
    expect(renderTemplate(template, vars)).toBe(expected);
  });

  test('a template without braces is returned unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{')),
        fc.dictionary(fc.stringMatching(/^[a-z_]+$/), fc.string()),
        (t, vars) => renderTemplate(t, vars) === t,
      ),
    );
  });
});

test('PLACEHOLDERS lists SPEC §4', () => {
  expect(PLACEHOLDERS).toEqual([
    'branch',
    'tag',
    'run_number',
    'run_id',
    'run_attempt',
    'run_url',
    'sha',
    'short_sha',
    'date',
    'repository',
    'checksums',
    'changes',
  ]);
});
