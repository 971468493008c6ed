/**
 * scripts/licenses.ts: dist/licenses.txt names every bundled package version, in an order that
 * does not depend on how webpack happened to build the modules.
 */
import fc from 'fast-check';
import {
  compareVersions,
  modulePath,
  packageRoot,
  renderLicenses,
  type PackageLicense,
} from '../../scripts/licenses.ts';

const LOADERS =
  '/w/node_modules/@vercel/ncc/dist/ncc/loaders/empty-loader.js!/w/node_modules/x/relocate.js??ruleSet[1]!';

test.each([
  [`${LOADERS}/w/src/index.ts`, '/w/src/index.ts'],
  [`${LOADERS}/w/node_modules/@actions/core/lib/core.js|56651dda`, '/w/node_modules/@actions/core/lib/core.js'],
  [`javascript/esm|${LOADERS}/w/node_modules/undici/index.js|1f2e`, '/w/node_modules/undici/index.js'],
  ['/w/node_modules/tunnel/index.js', '/w/node_modules/tunnel/index.js'],
])('modulePath(%s) is the bundled file', (identifier, file) => {
  expect(modulePath(identifier)).toBe(file);
});

test.each([
  ['/w/node_modules/@actions/core/lib/core.js', '/w/node_modules/@actions/core'],
  ['/w/node_modules/glob/node_modules/minimatch/minimatch.js', '/w/node_modules/glob/node_modules/minimatch'],
  [
    '/w/node_modules/readdir-glob/node_modules/@scope/pkg/a/b.js',
    '/w/node_modules/readdir-glob/node_modules/@scope/pkg',
  ],
  ['/w/src/main.ts', undefined],
])('packageRoot(%s) is %s', (file, root) => {
  expect(packageRoot(file)).toBe(root);
});

test.each([
  ['1.9.0', '1.10.0', -1],
  ['10.0.3', '3.1.2', 1],
  ['2.0.0-beta.2', '2.0.0-beta.10', -1],
  ['1.0.0', '1.0.0', 0],
])('compareVersions(%s, %s) is %i', (a, b, order) => {
  expect(compareVersions(a, b)).toBe(order);
});

const pkg = (name: string, version: string, text?: string): PackageLicense => ({ name, version, type: 'MIT', text });

test('two versions of one package are both listed, older first; one version twice is listed once', () => {
  const text = renderLicenses([
    pkg('minimatch', '10.0.3', 'Blue Oak\n'),
    pkg('brace-expansion', '2.0.1', 'MIT 2\r'),
    pkg('minimatch', '3.1.2', 'ISC'),
    pkg('minimatch', '3.1.2', 'ISC'),
    pkg('buffers', '0.1.1'),
  ]);
  expect(text).toBe(
    [
      'brace-expansion@2.0.1\nMIT\nMIT 2',
      'buffers@0.1.1\nMIT\n(the package ships no license file)',
      'minimatch@3.1.2\nMIT\nISC',
      'minimatch@10.0.3\nMIT\nBlue Oak',
    ].join('\n\n') + '\n',
  );
});

test('the file is the same whatever order the packages were found in', () => {
  const name = fc.constantFrom('a', 'B', '@s/a', '@s/b', 'a-b', 'é');
  const version = fc.tuple(fc.nat(12), fc.nat(12)).map(([x, y]) => `${x}.${y}.0`);
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.tuple(name, version), { selector: ([n, v]) => `${n}@${v}` }),
      fc.func(fc.integer()),
      (found, key) => {
        const packages = found.map(([n, v]) => pkg(n, v, `license of ${n}@${v}`));
        const shuffled = [...packages].sort((a, b) => key(a.name + a.version) - key(b.name + b.version));
        expect(renderLicenses(shuffled)).toBe(renderLicenses(packages));
      },
    ),
  );
});
