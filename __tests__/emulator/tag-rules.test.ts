/**
 * GitHub's rules for tags, asset names and request validity as the emulator models them (sources in
 * emulator/README.md): forced ref updates, delete-ref's message, tag rulesets, the `workflows`
 * refusal, a `+` kept when sent as `%2B`, and requests GitHub's OpenAPI description calls invalid.
 */
import { json, upload, worldPerTest } from './helpers.ts';

const w = worldPerTest();
const R = '/repos/octo/app';

test('a tag moves by a forced PATCH; delete-ref of a missing tag answers "Reference does not exist"', async () => {
  const next = w().repo.addCommit();
  expect((await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-x', sha: w().sha })).status).toBe(201);
  const moved = await w().api('PATCH', `${R}/git/refs/tags/ci-x`, undefined, { sha: next, force: true });
  expect(moved.status).toBe(200);
  expect(w().repo.tags()['ci-x']).toBe(next);
  expect((await w().api('DELETE', `${R}/git/refs/tags/ci-x`)).status).toBe(204);
  const gone = await w().api('DELETE', `${R}/git/refs/tags/ci-x`);
  expect(gone.status).toBe(422);
  expect((await json(gone)).message).toBe('Reference does not exist');
});

test('a tag ruleset refuses creation, update and deletion with 422 "Repository rule violations found"', async () => {
  expect(
    (await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-main-latest', sha: w().sha })).status,
  ).toBe(201);
  w().repo.addTagRuleset({ name: 'ci tags', include: ['ci-*'], rules: ['creation', 'update', 'deletion'] });
  const create = await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-main-2', sha: w().sha });
  expect(create.status).toBe(422);
  expect((await json(create)).message).toMatch(
    /^Repository rule violations found\n\nCannot create ref due to creations being restricted\./,
  );
  expect(
    (await json(await w().api('PATCH', `${R}/git/refs/tags/ci-main-latest`, undefined, { sha: w().sha, force: true })))
      .message,
  ).toMatch(/Cannot update this protected ref/);
  expect((await json(await w().api('DELETE', `${R}/git/refs/tags/ci-main-latest`))).message).toMatch(
    /Cannot delete this protected ref/,
  );
  // Publishing a release creates its tag: the same rule applies.
  const release = await json(
    await w().api('POST', `${R}/releases`, undefined, { tag_name: 'ci-main-3', target_commitish: w().sha }),
  );
  expect(release.message).toMatch(/Repository rule violations found/);
  expect((await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/v1.0.0', sha: w().sha })).status).toBe(
    201,
  );
});

test('a commit whose workflow files changed: tagging it needs workflows, answered 403 with the alternative sets', async () => {
  const touching = w().repo.addCommit(undefined, { touchesWorkflows: true });
  const refused = await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-x', sha: touching });
  expect(refused.status).toBe(403);
  expect(refused.headers.get('x-accepted-github-permissions')).toBe('contents=write; contents=write,workflows=write');
  w().emu.addToken('tok-workflows', { repos: { 'octo/app': { contents: 'write', workflows: 'write' } } });
  expect(
    (await w().api('POST', `${R}/git/refs`, 'tok-workflows', { ref: 'refs/tags/ci-x', sha: touching })).status,
  ).toBe(201);
});

test('a + sent as %2B stays in the asset name; a space and a leading dot are renamed', async () => {
  const rel = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v1', draft: true }));
  expect((await json(await upload(w(), rel.upload_url, 'lib+x.so', 'a'))).name).toBe('lib+x.so');
  expect((await json(await upload(w(), rel.upload_url, 'a b.txt', 'b'))).name).toBe('a.b.txt');
  expect((await json(await upload(w(), rel.upload_url, '.env', 'c'))).name).toBe('default.env');
  // A bare + in a query string is a space.
  const bare = await fetch(rel.upload_url.replace('{?name,label}', '?name=c+d.txt'), {
    method: 'POST',
    headers: { authorization: 'token tok-writer', 'content-type': 'application/octet-stream', 'content-length': '1' },
    body: 'd',
  });
  expect((await json(bare)).name).toBe('c.d.txt');
});

test("requests GitHub's API description calls invalid are refused and recorded", async () => {
  const noTag = await w().api('POST', `${R}/releases`, undefined, { name: 'x' });
  expect(noTag.status).toBe(422);
  expect((await json(noTag)).message).toMatch(/tag_name is required/);
  const badState = await w().api('POST', `${R}/statuses/${w().sha}`, undefined, { state: 'preflight' });
  expect(badState.status).toBe(422);
  expect((await w().api('GET', `${R}/no-such-thing`)).status).toBe(404);
  expect(
    w()
      .emu.invalidRequests()
      .map((r) => `${r.method} ${r.path}`),
  ).toEqual([`POST ${R}/releases`, `POST ${R}/statuses/${w().sha}`, `GET ${R}/no-such-thing`]);
  expect(w().repo.releases()).toEqual([]);
  expect(w().repo.statuses(w().sha)).toEqual([]);
});
