/** The publish job summary as a user reads it: links, human sizes, short digests with the full ones at hand. */
import { publishOutputs, publishSummary, type PublishReport } from '../../src/publish/summary.ts';

const HEX = 'ab'.repeat(32);
const files = [
  { path: '/w/out/app.zip', name: 'app.zip', size: 5 * 1024 * 1024, sha256: HEX },
  { path: '/w/out/READ ME.txt', name: 'READ ME.txt', size: 7, sha256: 'cd'.repeat(32) },
];
const base: PublishReport = {
  outcomes: [
    {
      kind: 'numbered',
      status: 'published',
      tag: 'ci-main-7',
      url: 'https://github.com/o/r/releases/tag/ci-main-7',
      releaseId: 70,
      replaced: undefined,
      immutable: false,
      // As GitHub returned them: the names it stored, which the summary must not re-predict.
      assets: [
        { name: 'app.zip', localName: 'app.zip', size: 5 * 1024 * 1024, sha256: HEX, url: 'u1' },
        { name: 'READ.ME.txt', localName: 'READ ME.txt', size: 7, sha256: 'cd'.repeat(32), url: 'u2' },
      ],
    },
    {
      kind: 'latest',
      status: 'skipped',
      tag: 'ci-main-latest',
      reason: 'a newer run #8 is queued and will publish Latest',
    },
  ],
  deleted: ['ci-main-2'],
  files,
  dryRun: false,
};

test('releases link to GitHub, skips say why, kinds read as names', () => {
  const md = publishSummary(base);
  expect(md).toContain('| Numbered | [ci-main-7](https://github.com/o/r/releases/tag/ci-main-7) | ✅ published |');
  expect(md).toContain('| Latest | `ci-main-latest` | ⏭️ skipped: a newer run #8 is queued and will publish Latest |');
  expect(md).toContain('Retention removed `ci-main-2`.');
});

test('assets link to their download under the name GitHub gives them, in human sizes with short digests', () => {
  const md = publishSummary(base);
  expect(md).toContain(
    '| [app.zip](https://github.com/o/r/releases/download/ci-main-7/app.zip) | 5.0 MiB | `abababababab` |',
  );
  expect(md).toContain(
    '[READ.ME.txt](https://github.com/o/r/releases/download/ci-main-7/READ.ME.txt) (from `READ ME.txt`) | 7 B |',
  );
  expect(md).toContain('2 assets, 5.0 MiB in total');
});

test('published assets are named as GitHub returned them, not as predicted', () => {
  const outcome = {
    ...base.outcomes[0]!,
    assets: [{ name: 'lib+x.so', localName: 'lib+x.so', size: 3, sha256: HEX, url: 'u' }],
  } as PublishReport['outcomes'][number];
  const md = publishSummary({
    ...base,
    outcomes: [outcome],
    files: [{ path: '/w/lib+x.so', name: 'lib+x.so', size: 3, sha256: HEX }],
  });
  expect(md).toContain('[lib+x.so](https://github.com/o/r/releases/download/ci-main-7/lib%2Bx.so) | 3 B |');
  expect(md).toContain(`${HEX}  lib+x.so`);
});

test('every full digest is in a collapsed sha256sum block', () => {
  const md = publishSummary(base);
  expect(md).toMatch(
    /<details><summary>Full SHA-256 digests<\/summary>\n\n```\n[0-9a-f]{64} {2}READ\.ME\.txt\n[0-9a-f]{64} {2}app\.zip\n```/,
  );
  expect(md).toContain(`${HEX}  app.zip`);
});

test('nothing published: names without links; a dry run shows its plan', () => {
  const md = publishSummary({
    ...base,
    outcomes: [],
    deleted: [],
    dryRun: true,
    planned: [{ kind: 'latest', tag: 'ci-main-latest', action: 'create' }],
  });
  expect(md).toContain('publish plan (dry run, nothing changed)');
  expect(md).toContain('| Latest | `ci-main-latest` | would create |');
  expect(md).toContain('| app.zip | 5.0 MiB |');
  expect(md).not.toContain('](');
});

test('outputs: per-kind tag, url and id; JSON lists of published, skipped and deleted', () => {
  const out = publishOutputs(base);
  expect(out).toMatchObject({
    'numbered-tag': 'ci-main-7',
    'numbered-release-id': '70',
    'latest-tag': 'ci-main-latest',
    deleted: '["ci-main-2"]',
  });
  expect(out['latest-url']).toBeUndefined();
  expect(JSON.parse(out.skipped ?? '')).toEqual([
    { kind: 'latest', tag: 'ci-main-latest', reason: 'a newer run #8 is queued and will publish Latest' },
  ]);
});
