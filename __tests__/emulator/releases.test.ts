import { describe, expect, test } from '@jest/globals';
import { ADMIN, json, READER, startWorld, worldPerTest } from './helpers.ts';

const w = worldPerTest();

const R = '/repos/octo/app';

describe('release list pagination', () => {
  test('pages of at most 100, newest first, with GitHub Link headers', async () => {
    for (let i = 0; i < 130; i++) {
      w().repo.addRelease({ tagName: `v${i}`, createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString() });
    }
    const first = await w().api('GET', `${R}/releases?per_page=100`);
    expect(first.status).toBe(200);
    const firstItems = await json<any[]>(first);
    expect(firstItems).toHaveLength(100);
    expect(firstItems[0].tag_name).toBe('v129');
    expect(firstItems[99].tag_name).toBe('v30');
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${w().emu.url}${R}/releases?per_page=100&page=2>; rel="next"`);
    expect(link).toContain('page=2>; rel="last"');
    expect(link).not.toContain('rel="prev"');

    const second = await w().api('GET', `${R}/releases?per_page=100&page=2`);
    const secondItems = await json<any[]>(second);
    expect(secondItems.map((r) => r.tag_name)).toEqual(Array.from({ length: 30 }, (_, i) => `v${29 - i}`));
    const link2 = second.headers.get('link') ?? '';
    expect(link2).toContain('page=1>; rel="prev"');
    expect(link2).toContain('page=1>; rel="first"');
    expect(link2).not.toContain('rel="next"');

    const capped = await json<any[]>(await w().api('GET', `${R}/releases?per_page=500`));
    expect(capped).toHaveLength(100);
    const defaults = await json<any[]>(await w().api('GET', `${R}/releases`));
    expect(defaults).toHaveLength(30);
  });
});

describe('drafts and tags', () => {
  test('any number of drafts share a tag; drafts create no tag and have untagged html_url', async () => {
    const a = await w().api('POST', `${R}/releases`, undefined, { tag_name: '_ci-main-latest', draft: true });
    const b = await w().api('POST', `${R}/releases`, undefined, { tag_name: '_ci-main-latest', draft: true });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const draft = await json(a);
    expect(draft.draft).toBe(true);
    expect(draft.published_at).toBeNull();
    expect(draft.html_url).toMatch(new RegExp(`^${w().emu.serverUrl}/octo/app/releases/tag/untagged-[0-9a-f]+$`));
    expect(draft.upload_url).toBe(`${w().emu.url}/api/uploads/repos/octo/app/releases/${draft.id}/assets{?name,label}`);
    expect(draft.target_commitish).toBe('main');
    expect(w().repo.tags()).toEqual({});
    // get-by-tag never returns drafts
    expect((await w().api('GET', `${R}/releases/tags/_ci-main-latest`)).status).toBe(404);
  });

  test('drafts are listed for contents:write, hidden from readers and anonymous callers', async () => {
    const draft = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'd', draft: true }));
    await w().api('POST', `${R}/releases`, undefined, { tag_name: 'p' });
    expect((await json<any[]>(await w().api('GET', `${R}/releases`))).map((r) => r.tag_name)).toEqual(['p', 'd']);
    expect((await json<any[]>(await w().api('GET', `${R}/releases`, READER))).map((r) => r.tag_name)).toEqual(['p']);
    expect((await json<any[]>(await w().api('GET', `${R}/releases`, null))).map((r) => r.tag_name)).toEqual(['p']);
    expect((await w().api('GET', `${R}/releases/${draft.id}`, READER)).status).toBe(404);
  });

  test('only one published release per tag', async () => {
    expect((await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v1' })).status).toBe(201);
    const dup = await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v1' });
    expect(dup.status).toBe(422);
    expect((await json(dup)).errors).toEqual([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    // publishing a draft with the same tag fails too
    const draft = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v1', draft: true }));
    const publish = await w().api('PATCH', `${R}/releases/${draft.id}`, undefined, { tag_name: 'v1', draft: false });
    expect(publish.status).toBe(422);
    expect((await json(await w().api('GET', `${R}/releases/${draft.id}`))).draft).toBe(true);
  });

  test('publishing creates the tag at target_commitish only when absent; an existing tag never moves', async () => {
    const other = w().repo.addCommit();
    w().repo.setBranch('dev', other);
    await w().api('POST', `${R}/releases`, undefined, { tag_name: 'on-dev', target_commitish: 'dev' });
    await w().api('POST', `${R}/releases`, undefined, { tag_name: 'on-sha', target_commitish: w().sha });
    expect(w().repo.tags()).toEqual({ 'on-dev': other, 'on-sha': w().sha });

    const draft = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'on-dev', draft: true }));
    await w().api('DELETE', `${R}/releases/${(await json(await w().api('GET', `${R}/releases/tags/on-dev`))).id}`);
    const published = await w().api('PATCH', `${R}/releases/${draft.id}`, undefined, {
      tag_name: 'on-dev',
      target_commitish: w().sha,
      draft: false,
    });
    expect(published.status).toBe(200);
    expect(w().repo.tags()['on-dev']).toBe(other);

    const unknown = await w().api('POST', `${R}/releases`, undefined, {
      tag_name: 'x',
      target_commitish: 'f'.repeat(40),
    });
    expect(unknown.status).toBe(422);
    expect(w().repo.tags().x).toBeUndefined();
  });

  test('tag names with slashes work in get-by-tag and refs', async () => {
    await w().api('POST', `${R}/releases`, undefined, { tag_name: 'release/v1.0' });
    const byTag = await w().api('GET', `${R}/releases/tags/release/v1.0`);
    expect(byTag.status).toBe(200);
    expect((await json(byTag)).html_url).toBe(`${w().emu.serverUrl}/octo/app/releases/tag/release/v1.0`);
    const ref = await json(await w().api('GET', `${R}/git/ref/tags/release/v1.0`));
    expect(ref).toMatchObject({ ref: 'refs/tags/release/v1.0', object: { sha: w().sha, type: 'commit' } });
  });

  test('deleting a release keeps its tag; deleting the tag turns a published release back into a draft', async () => {
    const a = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'keep' }));
    expect((await w().api('DELETE', `${R}/releases/${a.id}`)).status).toBe(204);
    expect(w().repo.tags().keep).toBe(w().sha);
    expect((await w().api('GET', `${R}/releases/${a.id}`)).status).toBe(404);

    const b = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'gone' }));
    expect((await w().api('DELETE', `${R}/git/refs/tags/gone`)).status).toBe(204);
    const after = await json(await w().api('GET', `${R}/releases/${b.id}`));
    expect(after.draft).toBe(true);
    expect(after.published_at).toBeNull();
    expect((await w().api('GET', `${R}/releases/tags/gone`)).status).toBe(404);
  });

  test('PATCH without tag_name keeps a draft tag unless the hazard option is on', async () => {
    const draft = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: '_ci-x', draft: true }));
    const patched = await json(await w().api('PATCH', `${R}/releases/${draft.id}`, undefined, { name: 'renamed' }));
    expect(patched).toMatchObject({ tag_name: '_ci-x', name: 'renamed', draft: true });

    const hazard = await startWorld({ draftPatchWithoutTagUntags: true });
    try {
      const d = await json(await hazard.api('POST', `${R}/releases`, undefined, { tag_name: '_ci-x', draft: true }));
      const p = await json(await hazard.api('PATCH', `${R}/releases/${d.id}`, undefined, { name: 'renamed' }));
      expect(p.tag_name).toMatch(/^untagged-[0-9a-f]+$/);
    } finally {
      await hazard.emu.close();
    }
  });

  test('validation: body length, make_latest, missing tag, malformed JSON', async () => {
    const long = await w().api('POST', `${R}/releases`, undefined, { tag_name: 'b', body: 'x'.repeat(125_001) });
    expect(long.status).toBe(422);
    expect((await json(long)).errors[0]).toMatchObject({ resource: 'Release', field: 'body' });
    expect(
      (await w().api('POST', `${R}/releases`, undefined, { tag_name: 'b', body: 'x'.repeat(125_000), draft: true }))
        .status,
    ).toBe(201);
    for (const bad of [{ draft: true }, { prerelease: true }]) {
      const res = await w().api('POST', `${R}/releases`, undefined, { tag_name: 'm', make_latest: 'true', ...bad });
      expect(res.status).toBe(422);
      expect((await json(res)).errors[0].field).toBe('make_latest');
    }
    expect(
      (await w().api('POST', `${R}/releases`, undefined, { tag_name: 'm', make_latest: 'sometimes' })).status,
    ).toBe(422);
    expect((await w().api('POST', `${R}/releases`, undefined, { name: 'no tag' })).status).toBe(422);
    const malformed = await fetch(`${w().emu.url}${R}/releases`, {
      method: 'POST',
      headers: { authorization: 'token tok-writer' },
      body: '{nope',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).message).toBe('Problems parsing JSON');
    expect(w().repo.tags()).toEqual({});
  });

  test('latest follows make_latest', async () => {
    expect((await w().api('GET', `${R}/releases/latest`)).status).toBe(404);
    const v1 = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v1' }));
    await w().api('POST', `${R}/releases`, undefined, { tag_name: 'ci-main-latest', make_latest: 'false' });
    expect((await json(await w().api('GET', `${R}/releases/latest`))).id).toBe(v1.id);
  });

  test('GET /repos and immutable-releases setting (404 when off)', async () => {
    const repo = await json(await w().api('GET', R));
    expect(repo).toMatchObject({ full_name: 'octo/app', default_branch: 'main', private: false });
    expect((await w().api('GET', `${R}/immutable-releases`, ADMIN)).status).toBe(404);
    // Without administration read (GITHUB_TOKEN never has it): 403 naming it, even on a public repository.
    const refused = await w().api('GET', `${R}/immutable-releases`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-accepted-github-permissions')).toBe('administration=read');
    expect((await w().api('GET', `${R}/immutable-releases`, null)).status).toBe(401);
  });
});
