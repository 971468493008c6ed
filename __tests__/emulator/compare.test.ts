import { expect, test } from '@jest/globals';
import { json, READER, worldPerTest } from './helpers.ts';

const w = worldPerTest();
const R = '/repos/octo/app';

interface CompareBody {
  status: string;
  ahead_by: number;
  behind_by: number;
  total_commits: number;
  html_url: string;
  merge_base_commit: { sha: string } | null;
  commits: { sha: string; commit: { message: string; author: { name: string } }; parents: { sha: string }[] }[];
}

const compare = async (basehead: string, query = '', token?: string) =>
  w().api('GET', `${R}/compare/${basehead}${query}`, token);

test('ahead: the commits reachable from head and not from base, oldest first, with message, author and parents', async () => {
  const base = w().sha;
  const a = w().repo.addCommit(undefined, { message: 'First fix\n\ndetails', author: 'Ada' });
  const b = w().repo.addCommit(undefined, { message: 'Second fix', author: 'Grace' });
  const res = await compare(`${base}...${b}`, '', READER);
  expect(res.status).toBe(200);
  const body = await json<CompareBody>(res);
  expect(body).toMatchObject({
    status: 'ahead',
    ahead_by: 2,
    behind_by: 0,
    total_commits: 2,
    merge_base_commit: { sha: base },
  });
  expect(body.commits.map((c) => [c.sha, c.commit.message, c.commit.author.name, c.parents.map((p) => p.sha)])).toEqual(
    [
      [a, 'First fix\n\ndetails', 'Ada', [base]],
      [b, 'Second fix', 'Grace', [a]],
    ],
  );
  expect(body.html_url).toBe(`${w().emu.serverUrl}/octo/app/compare/${base}...${b}`);
});

test('identical, behind and diverged; branch names resolve; unknown commits are 404', async () => {
  const base = w().sha;
  const next = w().repo.addCommit();
  expect((await json<CompareBody>(await compare(`${base}...${base}`))).status).toBe('identical');
  expect(await json<CompareBody>(await compare(`${next}...${base}`))).toMatchObject({
    status: 'behind',
    ahead_by: 0,
    behind_by: 1,
    commits: [],
  });
  const side = w().repo.addCommit(undefined, { parents: [base], message: 'side' });
  expect(await json<CompareBody>(await compare(`${next}...${side}`))).toMatchObject({
    status: 'diverged',
    ahead_by: 1,
    behind_by: 1,
    merge_base_commit: { sha: base },
  });
  const root = w().repo.addCommit(undefined, { parents: [] });
  expect(await json<CompareBody>(await compare(`${base}...${root}`))).toMatchObject({
    status: 'diverged',
    merge_base_commit: null,
  });
  expect((await json<CompareBody>(await compare(`main...${next}`))).ahead_by).toBe(1);
  expect((await compare(`${base}...${'f'.repeat(40)}`)).status).toBe(404);
});

test('without paging at most 250 commits, the last the newest; with per_page and page, pages oldest first and a Link header', async () => {
  const shas: string[] = [];
  for (let i = 0; i < 260; i++) shas.push(w().repo.addCommit());
  const head = shas[shas.length - 1]!;
  const whole = await json<CompareBody>(await compare(`${w().sha}...${head}`));
  expect(whole.ahead_by).toBe(260);
  expect(whole.commits).toHaveLength(250);
  expect(whole.commits[249]!.sha).toBe(head);
  expect(whole.commits[0]!.sha).toBe(shas[10]);
  const res = await compare(`${w().sha}...${head}`, '?per_page=100&page=2');
  const page = await json<CompareBody>(res);
  expect(page.commits.map((c) => c.sha)).toEqual(shas.slice(100, 200));
  expect(res.headers.get('link')).toContain('rel="next"');
});

test('needs contents: read on a private repository', async () => {
  w().repo.record.private = true;
  w().emu.addToken('tok-actions-only', { repos: { 'octo/app': { actions: 'read' } } });
  const res = await compare(`${w().sha}...${w().sha}`, '', 'tok-actions-only');
  expect(res.status).toBe(403);
});
