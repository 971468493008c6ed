/** scripts/latin1-dist.ts: escaping a bundle's characters beyond Latin-1 changes no value the code sees. */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { latin1Only } from '../../scripts/latin1-dist.ts';

const SOURCE = [
  "const quote = 'GitHub’s — ≥ 1 … ✅ ⏭️ café';",
  'const spaced = quote ||\u00a0{};',
  'const template = `${quote} → 😀 ${1 + 1}`;',
  "const table = { æ: 'ae', Ŋ: 'NG' };",
  'const plain = /[’…]+/g;',
  'const astral = /😀|x/u;',
  '// a comment with 𐒠 and ’',
  '({ quote, template, keys: Object.keys(table), plain: "a’…b".replace(plain, "-"), astral: astral.test("😀"), astralLength: "😀".length })',
].join('\n');

test('the escaped source evaluates to the same values, and is Latin-1', () => {
  const escaped = latin1Only(SOURCE);
  expect(escaped).toMatch(/^[\x00-\xff]*$/);
  expect(vm.runInNewContext(escaped)).toEqual(vm.runInNewContext(SOURCE));
});

test('String.raw is refused (escapes would change its text)', () => {
  expect(() => latin1Only('String.raw`’`')).toThrow(/String.raw/);
});

test('the committed bundles are Latin-1 and parse', () => {
  for (const path of ['dist/index.js', 'dist/252.index.js', 'dist/post/index.js', 'dist/post/252.index.js']) {
    const source = readFileSync(path, 'utf8');
    expect(/[^\x00-\xff]/.test(source)).toBe(false);
    // Parsed as a module body (not run): a stray escape between tokens is a syntax error here.
    expect(() => new vm.SourceTextModule(source)).not.toThrow();
  }
});
