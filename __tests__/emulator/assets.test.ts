import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { sanitizeAssetName } from '../../emulator/index.ts';
import { ADMIN, json, READER, upload, worldPerTest, WRITER } from './helpers.ts';

const w = worldPerTest();

const R = '/repos/octo/app';

async function draft(tag = '_ci-main-1'): Promise<any> {
  return json(await w().api('POST', `${R}/releases`, undefined, { tag_name: tag, draft: true }));
}

/** Sends `sent` of `declared` bytes, drops the connection once the emulator holds the asset, and waits until it has noticed. */
async function abortedUpload(uploadUrl: string, name: string, declared: number, sent: number): Promise<void> {
  const url = new URL(uploadUrl.replace('{?name,label}', `?name=${name}`));
  const req = request(url, {
    method: 'POST',
    headers: {
      authorization: `token ${WRITER}`,
      'content-length': String(declared),
      'content-type': 'application/zip',
    },
  });
  req.on('error', () => {});
  req.write(Buffer.alloc(sent, 7));
  const deadline = Date.now() + 5000;
  while (
    !w()
      .repo.releases()
      .some((r) => r.assets.some((a) => a.name === name)) &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  req.destroy();
  // The emulator records the starter asset's final size once it has seen the connection go.
  await w().emu.settled();
}

describe('asset upload', () => {
  test('answers 201 with GitHub fields and sha256 digest; bytes read back', async () => {
    const rel = await draft();
    const res = await upload(w(), rel.upload_url, 'app.tar.gz', 'hello world');
    expect(res.status).toBe(201);
    const asset = await json(res);
    expect(asset).toMatchObject({
      name: 'app.tar.gz',
      state: 'uploaded',
      size: 11,
      content_type: 'application/octet-stream',
      digest: `sha256:${createHash('sha256').update('hello world').digest('hex')}`,
      download_count: 0,
      url: `${w().emu.url}${R}/releases/assets/${asset.id}`,
    });
    expect(asset.uploader.login).toBe('github-actions[bot]');
    expect((await w().emu.assetBytes(asset.id)).toString()).toBe('hello world');
    const listed = await json<any[]>(await w().api('GET', `${R}/releases/${rel.id}/assets`));
    expect(listed.map((a) => a.id)).toEqual([asset.id]);
  });

  test('names are sanitised like GitHub and duplicates judged on the sanitised name', async () => {
    expect(sanitizeAssetName('My App 1.0 (x64)~beta.exe')).toBe('My.App.1.0.x64.beta.exe');
    expect(sanitizeAssetName('.env')).toBe('default.env');
    expect(sanitizeAssetName('a_b-c.d')).toBe('a_b-c.d');
    const rel = await draft();
    expect((await json(await upload(w(), rel.upload_url, 'my file.txt', 'a'))).name).toBe('my.file.txt');
    const dup = await upload(w(), rel.upload_url, 'my:file.txt', 'b');
    expect(dup.status).toBe(422);
    expect((await json(dup)).errors).toEqual([{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);
  });

  test('0 bytes and > 2 GiB are rejected with 422 before reading the body', async () => {
    const rel = await draft();
    expect((await upload(w(), rel.upload_url, 'empty', new Uint8Array())).status).toBe(422);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(rel.upload_url.replace('{?name,label}', '?name=huge.bin'));
      const req = request(url, {
        method: 'POST',
        headers: { authorization: `token ${WRITER}`, 'content-length': String(3 * 1024 ** 3) },
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(422);
    expect(w().repo.releases()[0]?.assets).toHaveLength(0);
  });

  test('an aborted upload leaves a starter asset holding the name', async () => {
    const rel = await draft();
    await abortedUpload(rel.upload_url, 'big.zip', 100_000, 40_000);
    const listed = await json<any[]>(await w().api('GET', `${R}/releases/${rel.id}/assets`));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'big.zip', state: 'starter', digest: null });
    expect((await upload(w(), rel.upload_url, 'big.zip', 'again')).status).toBe(422);
    expect((await w().api('DELETE', `${R}/releases/assets/${listed[0].id}`)).status).toBe(204);
    expect((await upload(w(), rel.upload_url, 'big.zip', 'again')).status).toBe(201);
  });

  test('uploading needs contents:write', async () => {
    const rel = await draft();
    const res = await upload(w(), rel.upload_url, 'x.txt', 'x', READER);
    // The permission check comes before the release lookup.
    expect(res.status).toBe(403);
    const pub = await json(await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v1' }));
    const denied = await upload(w(), pub.upload_url, 'x.txt', 'x', READER);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-accepted-github-permissions')).toBe('contents=write');
  });
});

describe('asset download', () => {
  test('octet-stream answers 302 to a signed blob URL; the signature is checked and redacted from the log', async () => {
    const rel = await draft();
    const asset = await json(await upload(w(), rel.upload_url, 'data.bin', 'payload'));
    const res = await fetch(`${w().emu.url}${R}/releases/assets/${asset.id}`, {
      headers: { authorization: `token ${WRITER}`, accept: 'application/octet-stream' },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${w().emu.url}/_blobs/assets/${asset.id}\\?sig=[0-9a-f]{48}$`));
    const blob = await fetch(location);
    expect(blob.status).toBe(200);
    expect(await blob.text()).toBe('payload');
    const forged = await fetch(location.replace(/sig=.*/, 'sig=deadbeef'));
    expect(forged.status).toBe(403);
    expect((await fetch(`${w().emu.url}/_blobs/assets/${asset.id}`)).status).toBe(403);
    const sig = new URL(location).searchParams.get('sig') ?? '';
    expect(JSON.stringify(w().emu.log)).not.toContain(sig);
    expect(w().emu.log.find((e) => e.path.startsWith('/_blobs'))?.query.sig).toBe('[redacted]');
    // fetch follows the redirect itself
    const followed = await w().api('GET', `${R}/releases/assets/${asset.id}`, WRITER, undefined, {
      accept: 'application/octet-stream',
    });
    expect(await followed.text()).toBe('payload');
    expect(w().emu.asset(asset.id)?.downloadCount).toBe(2);
  });

  test('browser_download_url serves published releases only', async () => {
    const rel = await draft('v2.0');
    const asset = await json(await upload(w(), rel.upload_url, 'tool.tgz', 'tool-bytes'));
    expect((await fetch(asset.browser_download_url)).status).toBe(404);
    await w().api('PATCH', `${R}/releases/${rel.id}`, undefined, { tag_name: 'v2.0', draft: false });
    const published = await json(await w().api('GET', `${R}/releases/${rel.id}`));
    const url = published.assets[0].browser_download_url;
    expect(url).toBe(`${w().emu.serverUrl}/octo/app/releases/download/v2.0/tool.tgz`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('tool-bytes');
  });
});

describe('immutable releases', () => {
  test('publishing freezes assets and tag, and burns the tag name forever', async () => {
    w().repo.setImmutableReleases(true);
    // administration: read is needed, even on a public repository.
    const setting = await w().api('GET', `${R}/immutable-releases`, ADMIN);
    expect(await json(setting)).toEqual({ enabled: true, enforced_by_owner: false });

    const rel = await draft('v9');
    const asset = await json(await upload(w(), rel.upload_url, 'a.txt', 'a'));
    expect((await json(await w().api('GET', `${R}/releases/${rel.id}`))).immutable).toBe(false);
    const published = await json(
      await w().api('PATCH', `${R}/releases/${rel.id}`, undefined, { tag_name: 'v9', draft: false }),
    );
    expect(published.immutable).toBe(true);

    expect((await upload(w(), rel.upload_url, 'b.txt', 'b')).status).toBe(422);
    expect((await w().api('PATCH', `${R}/releases/assets/${asset.id}`, undefined, { name: 'c.txt' })).status).toBe(422);
    expect((await w().api('DELETE', `${R}/releases/assets/${asset.id}`)).status).toBe(422);
    expect((await w().api('DELETE', `${R}/git/refs/tags/v9`)).status).toBe(422);
    const other = w().repo.addCommit();
    expect((await w().api('PATCH', `${R}/git/refs/tags/v9`, undefined, { sha: other, force: true })).status).toBe(422);
    expect((await w().api('PATCH', `${R}/releases/${rel.id}`, undefined, { draft: true })).status).toBe(422);
    // title and notes stay editable
    expect(
      (await w().api('PATCH', `${R}/releases/${rel.id}`, undefined, { name: 'New title', body: 'notes' })).status,
    ).toBe(200);

    // The release itself may be deleted; the tag is then free to delete, but the name is burned.
    expect((await w().api('DELETE', `${R}/releases/${rel.id}`)).status).toBe(204);
    expect((await w().api('DELETE', `${R}/git/refs/tags/v9`)).status).toBe(204);
    const reuse = await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v9' });
    expect(reuse.status).toBe(422);
    expect((await json(reuse)).errors[0]).toMatchObject({
      code: 'custom',
      field: 'tag_name',
      message: 'tag_name was used by an immutable release',
    });
    w().repo.setImmutableReleases(false);
    expect((await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v9' })).status).toBe(422);
    // A draft may still carry the name; it just can never be published.
    expect((await w().api('POST', `${R}/releases`, undefined, { tag_name: 'v9', draft: true })).status).toBe(201);
  });
});
