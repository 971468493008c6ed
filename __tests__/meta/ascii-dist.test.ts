/** scripts/ascii-dist.ts: escaping a bundle's non-ASCII characters changes no value the code sees. */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { asciiOnly } from '../../scripts/ascii-dist.ts';

const SOURCE = [
  "const quote = 'GitHub’s — ≥ 1 … ✅ ⏭️';",
  'const template = `${quote} → 😀 ${1 + 1}`;',
  "const table = { æ: 'ae', Ŋ: 'NG' };",
  'const plain = /[’…]+/g;',
  'const astral = /😀|x/u;',
  '// a comment with 𐒠 and ’',
  '({ quote, template, keys: Object.keys(table), plain: "a’…b".replace(plain, "-"), astral: astral.test("😀"), astralLength: "😀".length })',
].join('\n');

test('the escaped source evaluates to the same values, and is ASCII', () => {
  const escaped = asciiOnly(SOURCE);
  expect(escaped).toMatch(/^[\x00-\x7f]*$/);
  expect(vm.runInNewContext(escaped)).toEqual(vm.runInNewContext(SOURCE));
});

test('String.raw is refused (escapes would change its text)', () => {
  expect(() => asciiOnly('String.raw`’`')).toThrow(/String.raw/);
});

test('the committed bundles are ASCII', () => {
  for (const path of ['dist/index.js', 'dist/post/index.js']) {
    expect(/[^\x00-\x7f]/.test(readFileSync(path, 'utf8'))).toBe(false);
  }
});
