import fc from 'fast-check';
import { decodeMarker, encodeMarker, matchesScope, withMarker } from '../../src/planning/marker.ts';
import type { Marker } from '../../src/planning/types.ts';
import { marker, markerArb, SHA, weirdString } from './arbitraries.ts';

describe('encodeMarker', () => {
  test('exact text, fixed key order, dashes escaped', () => {
    const m: Marker = {
      v: 1,
      kind: 'latest',
      workflowId: 7,
      branch: 'a-->b',
      runId: 100,
      runNumber: 5,
      runAttempt: 2,
      sha: SHA,
    };
    expect(encodeMarker(m)).toBe(
      `<!-- ci-release-publisher {"v":1,"kind":"latest","workflowId":7,"branch":"a\\u002d\\u002d\\u003eb","runId":100,"runNumber":5,"runAttempt":2,"sha":"${SHA}"} -->`,
    );
  });

  test('store markers carry the job id; key order ignores input order', () => {
    const m = {
      jobId: 9,
      sha: SHA,
      runAttempt: 1,
      runNumber: 2,
      runId: 3,
      tag: 'v1&<x>',
      workflowId: 4,
      kind: 'store',
      v: 1,
    } as const;
    expect(encodeMarker(m)).toBe(
      `<!-- ci-release-publisher {"v":1,"kind":"store","workflowId":4,"tag":"v1\\u0026\\u003cx\\u003e","runId":3,"runNumber":2,"runAttempt":1,"sha":"${SHA}","jobId":9} -->`,
    );
  });

  test.each([
    [{ ...marker(), runNumber: 0 }, /runNumber/],
    [{ ...marker(), sha: 'abc' }, /sha/],
    [{ ...marker(), branch: undefined }, /branch/],
    [{ ...marker(), tag: 'v1' }, /exactly one of branch and tag/],
    [{ ...marker(), kind: 'store' }, /jobId/],
  ] as const)('refuses invalid %j', (m, message) => {
    expect(() => encodeMarker(m as Marker)).toThrow(message);
  });

  test('the JSON never contains - < > or & whatever the names hold, so the comment cannot end early', () => {
    fc.assert(
      fc.property(markerArb, (m) => {
        const text = encodeMarker(m);
        expect(text.startsWith('<!-- ci-release-publisher {')).toBe(true);
        expect(text.endsWith('} -->')).toBe(true);
        expect(text.slice('<!-- ci-release-publisher '.length, -' -->'.length)).not.toMatch(/[-<>&]/);
      }),
    );
  });
});

describe('decodeMarker', () => {
  const good = marker({ kind: 'numbered', runNumber: 42 });
  const encoded = encodeMarker(good);

  test('finds the marker at the end of a body', () => {
    expect(decodeMarker(`Notes\n\n${encoded}`)).toEqual(good);
  });

  test('takes the last marker', () => {
    const newer = marker({ runNumber: 43 });
    expect(decodeMarker(`${encoded}\ntext\n${encodeMarker(newer)}`)).toEqual(newer);
  });

  test('a broken last marker wins over a good earlier one (undefined)', () => {
    expect(decodeMarker(`${encoded}\n<!-- ci-release-publisher {"v":1} -->`)).toBeUndefined();
  });

  test('a hand-written unescaped marker is accepted if the JSON is valid', () => {
    expect(
      decodeMarker(
        `<!-- ci-release-publisher {"v":1,"kind":"latest","workflowId":7,"branch":"main","runId":1000,"runNumber":10,"runAttempt":1,"sha":"${SHA}"} -->`,
      ),
    ).toEqual(marker());
  });

  const base = JSON.parse(encoded.slice('<!-- ci-release-publisher '.length, -' -->'.length)) as Record<
    string,
    unknown
  >;
  const variant = (over: Record<string, unknown>): string =>
    `<!-- ci-release-publisher ${JSON.stringify({ ...base, ...over })} -->`;
  test.each([
    ['null body', null],
    ['undefined body', undefined],
    ['empty', ''],
    ['no marker', 'just notes'],
    ['unclosed', encoded.slice(0, -4)],
    ['not JSON', '<!-- ci-release-publisher {v:1} -->'],
    ['array', '<!-- ci-release-publisher [] -->'],
    ['null', '<!-- ci-release-publisher null -->'],
    ['v 2', variant({ v: 2 })],
    ['v "1"', variant({ v: '1' })],
    ['unknown kind', variant({ kind: 'nightly' })],
    ['unknown key', variant({ extra: true })],
    ['runNumber 0', variant({ runNumber: 0 })],
    ['runNumber negative', variant({ runNumber: -1 })],
    ['runNumber fractional', variant({ runNumber: 1.5 })],
    ['runNumber string', variant({ runNumber: '10' })],
    ['runNumber unsafe', variant({ runNumber: 2 ** 60 })],
    ['workflowId missing', variant({ workflowId: undefined })],
    ['runId null', variant({ runId: null })],
    ['runAttempt 0', variant({ runAttempt: 0 })],
    ['sha short', variant({ sha: 'a'.repeat(39) })],
    ['sha upper', variant({ sha: 'A'.repeat(40) })],
    ['sha not hex', variant({ sha: 'g'.repeat(40) })],
    ['branch and tag', variant({ tag: 'v1' })],
    ['neither branch nor tag', variant({ branch: undefined })],
    ['branch empty', variant({ branch: '' })],
    ['branch number', variant({ branch: 5 })],
    ['numbered with tag', variant({ branch: undefined, tag: 'v1' })],
    ['tag kind with branch', variant({ kind: 'tag' })],
    ['store without jobId', variant({ kind: 'store' })],
    ['jobId 0', variant({ kind: 'store', jobId: 0 })],
    ['jobId string', variant({ jobId: '5' })],
    ['other prefix', encoded.replace('ci-release-publisher', 'ci-release-publisherx')],
  ])('%s → undefined', (_, body) => {
    expect(decodeMarker(body)).toBeUndefined();
  });

  test('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => expect(() => decodeMarker(s)).not.toThrow()));
    fc.assert(
      fc.property(fc.json(), (j) => expect(() => decodeMarker(`<!-- ci-release-publisher ${j} -->`)).not.toThrow()),
    );
  });
});

describe('withMarker', () => {
  const m = marker();
  test('body, blank line, marker', () => {
    expect(withMarker('Notes\n', m)).toBe(`Notes\n\n${encodeMarker(m)}`);
  });
  test('an empty body is the marker alone', () => {
    expect(withMarker('  \n', m)).toBe(encodeMarker(m));
  });
  test('replaces markers already in the body', () => {
    const old = encodeMarker(marker({ runNumber: 3 }));
    expect(withMarker(`A\n\n${old}\nB\n${old}`, m)).toBe(`A\n\n\nB\n\n${encodeMarker(m)}`);
  });

  test('decode(withMarker(anyBody, m)) deep-equals m', () => {
    const body = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .array(fc.oneof(fc.constantFrom('<!-- ci-release-publisher ', '-->', '<!--', '{"v":1', '\n'), fc.string()), {
          maxLength: 8,
        })
        .map((a) => a.join('')),
      markerArb.map((other) => `text ${encodeMarker(other)} more <!-- ci-release-publisher {`),
    );
    fc.assert(
      fc.property(body, markerArb, (b, mk) => expect(decodeMarker(withMarker(b, mk))).toEqual(mk)),
      { numRuns: 500 },
    );
  });

  test('encode/decode round trip keeps names with comment closers intact', () => {
    fc.assert(
      fc.property(weirdString, (name) => {
        const mk = marker({ branch: name });
        expect(decodeMarker(encodeMarker(mk))?.branch).toBe(name);
      }),
    );
  });
});

describe('matchesScope', () => {
  const byBranch = marker({ workflowId: 7, branch: 'main' });
  const byTag = marker({ kind: 'tag', workflowId: 7, branch: undefined, tag: 'v1' });
  test.each([
    [byBranch, { workflowId: 7, branch: 'main' }, true],
    [byBranch, { workflowId: 8, branch: 'main' }, false],
    [byBranch, { workflowId: 7, branch: 'Main' }, false],
    [byBranch, { workflowId: 7, branch: 'mai' }, false],
    [byBranch, { workflowId: 7, branch: 'main ' }, false],
    [byBranch, { workflowId: 7, tag: 'main' }, false],
    [byBranch, { workflowId: 7 }, false],
    [byBranch, { workflowId: 7, branch: 'main', tag: 'v1' }, false],
    [byTag, { workflowId: 7, tag: 'v1' }, true],
    [byTag, { workflowId: 7, branch: 'v1' }, false],
    [byTag, { workflowId: 7, tag: 'v1.0' }, false],
    [undefined, { workflowId: 7, branch: 'main' }, false],
  ] as const)('%#', (m, scope, expected) => {
    expect(matchesScope(m, scope)).toBe(expected);
  });
});
