/** Shared set-up for emulator tests: a fresh emulator with one repository and tokens of each kind. */
import { afterEach, beforeEach } from '@jest/globals';
import { startEmulator } from '../../emulator/index.ts';
import type { Emulator, RepoHandle } from '../../emulator/index.ts';

export interface World {
  emu: Emulator;
  repo: RepoHandle;
  sha: string;
  /** Calls the REST API with the given token (null: anonymous); JSON bodies are encoded. */
  api: (
    method: string,
    path: string,
    token?: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<Response>;
}

export const WRITER = 'tok-writer';
export const READER = 'tok-reader';
/** A maintainer's token: administration read, as GET immutable-releases needs. */
export const ADMIN = 'tok-admin';

export async function startWorld(
  o: { private?: boolean; immutableReleases?: boolean; rateLimit?: number; draftPatchWithoutTagUntags?: boolean } = {},
): Promise<World> {
  const emu = await startEmulator({ rateLimit: o.rateLimit, draftPatchWithoutTagUntags: o.draftPatchWithoutTagUntags });
  const repo = emu.createRepo({
    owner: 'octo',
    repo: 'app',
    private: o.private ?? false,
    immutableReleases: o.immutableReleases ?? false,
  });
  const sha = repo.addCommit();
  emu.addToken(WRITER, { repos: { 'octo/app': { contents: 'write', actions: 'read', statuses: 'write' } } });
  emu.addToken(READER, { repos: { 'octo/app': { contents: 'read' } } });
  emu.addToken(ADMIN, {
    kind: 'fine-grained-pat',
    repos: { 'octo/app': { contents: 'write', administration: 'read' } },
  });
  const api: World['api'] = (method, path, token = WRITER, body, headers = {}) =>
    fetch(`${emu.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `token ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { emu, repo, sha, api };
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Uploads bytes through the release's upload_url, as Octokit does. */
export async function upload(
  world: World,
  uploadUrl: string,
  name: string,
  data: Uint8Array | string,
  token: string = WRITER,
): Promise<Response> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const url = uploadUrl.replace('{?name,label}', `?name=${encodeURIComponent(name)}`);
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `token ${token}`,
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
    },
    body: bytes,
  });
}

/** A fresh world for each test of the file, closed after it: `const w = worldPerTest(); … w().api(…)`. */
export function worldPerTest(): () => World {
  let world: World | undefined;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world?.emu.close();
    world = undefined;
  });
  return () => {
    if (world === undefined) throw new Error('worldPerTest: used outside a test');
    return world;
  };
}
