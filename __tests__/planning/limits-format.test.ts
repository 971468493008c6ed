import fc from 'fast-check';
import { humanBytes, markdownTable, sha256SumsFile, shortDigest } from '../../src/planning/format.ts';
import { sanitizeAssetName } from '../../src/planning/naming.ts';
import {
  checkBody,
  checkFiles,
  MAX_ASSET_BYTES,
  MAX_ASSETS,
  MAX_BODY_CHARS,
  type PlannedFile,
} from '../../src/planning/limits.ts';

const file = (name: string, size = 10, path = `dist/${name}`): PlannedFile => ({ path, name, size });

describe('limits', () => {
  test('constants', () => {
    expect([MAX_ASSET_BYTES, MAX_ASSETS, MAX_BODY_CHARS]).toEqual([2147483648, 1000, 125000]);
  });

  test('a clean set has no problems', () => {
    expect(checkFiles([file('a.zip'), file('b.zip', MAX_ASSET_BYTES)], { extraAssetNames: ['SHA256SUMS'] })).toEqual(
      [],
    );
  });

  test('empty and oversized files, one message each', () => {
    expect(checkFiles([file('empty.txt', 0), file('big.iso', MAX_ASSET_BYTES + 1), file('ok', 1)])).toEqual([
      "File 'dist/empty.txt' is empty (0 bytes); GitHub does not accept empty release assets",
      "File 'dist/big.iso' is 2.00 GiB (2147483649 bytes); GitHub accepts release assets up to 2 GiB (2147483648 bytes)",
    ]);
  });

  test('more than 1000 assets, generated ones counted', () => {
    const many = Array.from({ length: 1000 }, (_, i) => file(`f${i}.bin`));
    expect(checkFiles(many)).toEqual([]);
    expect(checkFiles(many, { extraAssetNames: ['SHA256SUMS'] })).toEqual([
      "1001 assets (1000 files + 1 generated (SHA256SUMS)) exceed GitHub's limit of 1000 assets per release",
    ]);
    expect(checkFiles([...many, file('x')])).toEqual([
      "1001 assets (1001 files) exceed GitHub's limit of 1000 assets per release",
    ]);
  });

  test('names GitHub would make equal are named together', () => {
    expect(
      checkFiles([file('My App.zip', 5, 'a/My App.zip'), file('My.App.zip', 5, 'b/My.App.zip'), file('other.zip')]),
    ).toEqual([
      "'a/My App.zip' and 'b/My.App.zip' would all be uploaded as the asset 'My.App.zip' (GitHub renames asset names); rename all but one",
    ]);
    expect(checkFiles([file('x(1).zip', 5, 'p'), file('x[1].zip', 5, 'q'), file('x 1 .zip', 5, 'r')])).toEqual([
      "'p', 'q' and 'r' would all be uploaded as the asset 'x.1.zip' (GitHub renames asset names); rename all but one",
    ]);
  });

  test('a file colliding with a generated asset', () => {
    expect(checkFiles([file('SHA256SUMS', 5, 'out/SHA256SUMS')], { extraAssetNames: ['SHA256SUMS'] })).toEqual([
      "'out/SHA256SUMS' and the generated SHA256SUMS would all be uploaded as the asset 'SHA256SUMS' (GitHub renames asset names); rename all but one",
    ]);
  });

  test('property: a collision is reported exactly when two sanitised names are equal', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 8 }), (names) => {
        const collisions = checkFiles(names.map((n, i) => file(n, 1, `p${i}`))).filter((p) =>
          p.includes('would all be uploaded'),
        );
        const distinct = new Set(names.map(sanitizeAssetName)).size;
        expect(collisions.length > 0).toBe(distinct < names.length);
      }),
    );
  });

  test('checkBody counts characters, not UTF-16 units', () => {
    expect(checkBody('x'.repeat(MAX_BODY_CHARS), 'latest-body')).toBeUndefined();
    expect(checkBody('😀'.repeat(MAX_BODY_CHARS), 'latest-body')).toBeUndefined();
    expect(checkBody('x'.repeat(MAX_BODY_CHARS + 1), 'numbered-body-path')).toBe(
      "Input 'numbered-body-path' gives a release body of 125001 characters (the marker and checksum table included); GitHub allows at most 125000",
    );
  });
});

describe('format', () => {
  test.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [4 * 1024 ** 2, '4.0 MiB'],
    [1024 ** 3 - 1, '1.00 GiB'],
    [1.5 * 1024 ** 3, '1.50 GiB'],
    [2 * 1024 ** 3 + 1, '2.00 GiB'],
    [5 * 1024 ** 4, '5.00 TiB'],
    [3 * 1024 ** 6, '3072.00 PiB'],
  ])('humanBytes(%d) = %s', (n, text) => {
    expect(humanBytes(n)).toBe(text);
  });

  test.each([-1, NaN, Infinity])('humanBytes(%d) throws', (n) => {
    expect(() => humanBytes(n)).toThrow(RangeError);
  });

  test('humanBytes never shows 1024 of a unit below PiB', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (n) => !/^1024(\.0+)? [KMGT]iB$/.test(humanBytes(n))));
  });

  test('shortDigest', () => {
    const hex = '0123456789abcdef'.repeat(4);
    expect(shortDigest(hex)).toBe('0123456789ab');
    expect(shortDigest(`sha256:${hex}`)).toBe('0123456789ab');
  });

  test('sha256SumsFile: sha256sum format, sorted by name in code-unit order', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(
      sha256SumsFile([
        { name: 'z.zip', sha256: a },
        { name: 'Z.zip', sha256: b },
        { name: 'a b.zip', sha256: a },
      ]),
    ).toBe(`${'b'.repeat(64)}  Z.zip\n${a}  a b.zip\n${a}  z.zip\n`);
    expect(sha256SumsFile([])).toBe('');
  });

  test('sha256SumsFile escapes like GNU sha256sum and refuses bad digests', () => {
    const a = 'a'.repeat(64);
    expect(sha256SumsFile([{ name: 'x\\y\nz', sha256: a }])).toBe(`\\${a}  x\\\\y\\nz\n`);
    expect(() => sha256SumsFile([{ name: 'x', sha256: 'abc' }])).toThrow("Not a sha256 digest for x: 'abc'");
  });

  test('markdownTable', () => {
    expect(
      markdownTable(['Kind', 'Tag'], [['latest', 'ci-main-latest'], ['a|b', 'line1\nline2\r\nline3'], ['short']]),
    ).toBe(
      '| Kind | Tag |\n| --- | --- |\n| latest | ci-main-latest |\n| a\\|b | line1<br>line2<br>line3 |\n| short |  |\n',
    );
    expect(() => markdownTable(['one'], [['a', 'b']])).toThrow(/2 cells/);
  });

  test('property: every table line has as many unescaped pipes as the header line', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        const lines = markdownTable(['a', 'b'], rows).trimEnd().split('\n');
        expect(lines).toHaveLength(rows.length + 2);
        for (const line of lines) expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(4);
      }),
    );
  });
});
