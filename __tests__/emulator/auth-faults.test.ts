import { afterEach, describe, expect, test } from '@jest/globals';
import { READER, WRITER, json, startWorld, upload } from './helpers.ts';
import type { World } from './helpers.ts';

let w: World;
afterEach(async () => {
  await w.emu.close();
});

const R = '/repos/octo/app';

describe('authentication and permissions', () => {
  test('unknown token → 401 Bad credentials; Bearer and token schemes both work', async () => {
    w = await startWorld();
    const bad = await w.api('GET', `${R}/releases`, 'nope');
    expect(bad.status).toBe(401);
    expect(await json(bad)).toMatchObject({ message: 'Bad credentials', documentation_url: expect.any(String) });
    expect(bad.headers.get('x-ratelimit-limit')).toBe('60');
    const bearer = await fetch(`${w.emu.url}${R}/releases`, { headers: { authorization: `Bearer ${WRITER}` } });
    expect(bearer.status).toBe(200);
  });

  test('private repo: invisible (404) without a grant; 403 with X-Accepted-GitHub-Permissions when a permission is missing', async () => {
    w = await startWorld({ private: true });
    w.emu.addToken('other-repo', { repos: { 'octo/else': { contents: 'write' } } });
    w.emu.addToken('pat', { kind: 'fine-grained-pat', repos: { 'octo/app': { contents: 'read' } } });
    w.emu.addToken('classic', { kind: 'classic-pat', repos: { 'octo/app': { contents: 'read' } } });
    expect((await w.api('GET', R, null)).status).toBe(404);
    expect((await w.api('GET', `${R}/releases`, 'other-repo')).status).toBe(404);
    expect((await json(await w.api('GET', R, READER))).private).toBe(true); // metadata implied

    const denied = await w.api('POST', `${R}/releases`, READER, { tag_name: 'v1' });
    expect(denied.status).toBe(403);
    expect((await json(denied)).message).toBe('Resource not accessible by integration');
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('contents=write');
    const runs = await w.api('GET', `${R}/actions/runs`, READER);
    expect(runs.status).toBe(403);
    expect(runs.headers.get('x-accepted-github-permissions')).toBe('actions=read');
    const status = await w.api('POST', `${R}/statuses/${w.sha}`, READER, { state: 'success' });
    expect(status.headers.get('x-accepted-github-permissions')).toBe('statuses=write');

    const pat = await w.api('DELETE', `${R}/git/refs/tags/x`, 'pat');
    expect(pat.status).toBe(403);
    expect((await json(pat)).message).toBe('Resource not accessible by personal access token');
    const classic = await w.api('POST', `${R}/releases`, 'classic', { tag_name: 'v1' });
    expect(classic.status).toBe(403);
    expect(classic.headers.get('x-accepted-github-permissions')).toBeNull();

    // Rejected writes never reach a handler.
    expect(w.emu.writes()).toHaveLength(0);
    expect(w.repo.releases()).toHaveLength(0);
  });

  test('public repo: anyone reads; writes need the grant (401 anonymous, 403 foreign token)', async () => {
    w = await startWorld();
    w.emu.addToken('other-repo', { repos: { 'octo/else': { contents: 'write' } } });
    expect((await w.api('GET', `${R}/releases`, null)).status).toBe(200);
    expect((await w.api('GET', `${R}/releases`, 'other-repo')).status).toBe(200);
    expect((await w.api('POST', `${R}/releases`, null, { tag_name: 'v1' })).status).toBe(401);
    const foreign = await w.api('POST', `${R}/releases`, 'other-repo', { tag_name: 'v1' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('x-accepted-github-permissions')).toBe('contents=write');
    expect((await w.api('GET', '/repos/octo/missing', WRITER)).status).toBe(404);
  });
});

describe('rate limit', () => {
  test('headers on every response; exhaustion answers 403 with remaining 0', async () => {
    w = await startWorld({ rateLimit: 3 });
    const first = await w.api('GET', R);
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    await w.api('GET', R);
    expect((await w.api('GET', R)).headers.get('x-ratelimit-remaining')).toBe('0');
    const over = await w.api('POST', `${R}/releases`, WRITER, { tag_name: 'v1' });
    expect(over.status).toBe(403);
    expect((await json(over)).message).toMatch(/^API rate limit exceeded for /);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(w.repo.releases()).toHaveLength(0);
    // Another token has its own budget.
    expect((await w.api('GET', R, READER)).status).toBe(200);
  });

  test('setRateLimitUsed pre-spends a budget', async () => {
    w = await startWorld();
    w.emu.setRateLimitUsed(WRITER, 4999);
    expect((await w.api('GET', R)).headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await w.api('GET', R)).status).toBe(403);
  });
});

describe('fault injection', () => {
  test('status fault on the nth matching request, for `times` requests, without changing state', async () => {
    w = await startWorld();
    const rule = w.emu.faults.add({
      method: 'POST',
      path: `${R}/releases`,
      nth: 2,
      times: 2,
      action: { status: 502, body: { message: 'Bad gateway' } },
    });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await w.api('POST', `${R}/releases`, WRITER, { tag_name: `v${i}` })).status);
    expect(codes).toEqual([201, 502, 502, 201]);
    expect(rule.fired).toBe(2);
    expect(rule.matched).toBe(4);
    expect(
      w.repo
        .releases()
        .map((r) => r.tagName)
        .sort(),
    ).toEqual(['v0', 'v3']);
    expect(w.emu.writes().map((e) => e.status)).toEqual([201, 201]);
    expect(w.emu.log.filter((e) => e.status === 502)).toHaveLength(2);
    w.emu.faults.clear();
    expect(w.emu.faults.list()).toHaveLength(0);
  });

  test('secondary rate limit: 403 with retry-after and the documented message', async () => {
    w = await startWorld();
    w.emu.faults.add({ path: /\/releases$/, action: { secondaryRateLimit: { retryAfter: 7 } } });
    const res = await w.api('POST', `${R}/releases`, WRITER, { tag_name: 'v1' });
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await json(res)).message).toContain('secondary rate limit');
    expect(w.repo.releases()).toHaveLength(0);
  });

  test('latency delays the answer', async () => {
    w = await startWorld();
    w.emu.faults.add({ method: 'GET', path: R, action: { latencyMs: 150 } });
    const start = Date.now();
    expect((await w.api('GET', R)).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
  });

  test('reset drops the connection; on uploads after about half the body, leaving a starter asset', async () => {
    w = await startWorld();
    const rule = w.emu.faults.add({ method: 'GET', path: R, action: { reset: true } });
    await expect(w.api('GET', R)).rejects.toThrow();
    expect(rule.fired).toBe(1);
    expect((await w.api('GET', R)).status).toBe(200);

    const rel = await json(await w.api('POST', `${R}/releases`, WRITER, { tag_name: '_ci-1', draft: true }));
    w.emu.faults.add({ method: 'POST', path: /^\/api\/uploads\//, action: { reset: true } });
    await expect(upload(w, rel.upload_url, 'big.bin', new Uint8Array(200_000))).rejects.toThrow();
    await w.emu.settled();
    const [asset] = w.repo.releases()[0]?.assets ?? [];
    expect(asset?.state).toBe('starter');
    expect(asset?.size).toBeGreaterThanOrEqual(100_000);
    expect(asset?.size).toBeLessThan(200_000);
    // The next attempt is not faulted, but the starter asset holds the name.
    expect((await upload(w, rel.upload_url, 'big.bin', 'x')).status).toBe(422);
  });

  test('a lost answer: the write happens, the client sees a cut connection or a gateway error', async () => {
    w = await startWorld();
    w.emu.faults.add({ method: 'POST', path: `${R}/releases`, action: { answerLost: 'reset' } });
    await expect(w.api('POST', `${R}/releases`, WRITER, { tag_name: 'v1' })).rejects.toThrow();
    expect(w.repo.releases().map((r) => r.tagName)).toEqual(['v1']);

    const rel = await json(await w.api('POST', `${R}/releases`, WRITER, { tag_name: '_ci-1', draft: true }));
    w.emu.faults.add({ method: 'POST', path: /^\/api\/uploads\//, action: { answerLost: 502 } });
    const lost = await upload(w, rel.upload_url, 'app.bin', 'payload');
    expect(lost.status).toBe(502);
    expect((await json(lost)).message).toBe('Server Error');
    const asset = w.repo.releases().find((r) => r.tagName === '_ci-1')?.assets[0];
    expect(asset).toMatchObject({ name: 'app.bin', state: 'uploaded', size: 7 });
    // Sent again, it meets itself: GitHub's 422 already_exists.
    expect((await upload(w, rel.upload_url, 'app.bin', 'payload')).status).toBe(422);
    expect((await w.api('GET', R)).status).toBe(200);
  });
});

describe('robustness', () => {
  test('malformed input never crashes the server', async () => {
    w = await startWorld();
    expect((await w.api('GET', `${R}/releases/tags/%E0%A4%A`)).status).toBe(404);
    expect((await w.api('GET', `${R}/releases/not-a-number`)).status).toBe(404);
    const notObject = await fetch(`${w.emu.url}${R}/releases`, {
      method: 'POST',
      headers: { authorization: `token ${WRITER}` },
      body: '[1,2]',
    });
    expect(notObject.status).toBe(400);
    const wrongType = await w.api('POST', `${R}/releases`, WRITER, { tag_name: 42 });
    expect(wrongType.status).toBe(422);
    expect((await w.api('GET', R)).status).toBe(200);
  });
});
