/**
 * The port to GitHub Releases and git tags of one repository (the publish target), and its Octokit
 * adapter: the only module that speaks the releases REST API. Every listing follows pagination.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { RepositoryRef } from '../settings.ts';
import type { PrimaryBudget } from '../planning/budget.ts';
import type { AssetData, ImmutableSetting, ReleaseData, ReleaseFields, ReleasesApi, UploadFile } from '../ports.ts';
import type { Octokit } from './octokit.ts';
import type { DirectUploads } from './direct-upload.ts';
import { ReplayableBody, type ProgressCallback } from './replayable-body.ts';
import { apiCall, errorContextFor, isStatus, type ErrorContext } from './api-errors.ts';
import { cappedListing } from './listing-cap.ts';
import { releaseBody, toAsset, toRelease } from './release-shapes.ts';

/** GitHub's 422 for a ref that is not there; every other 422 on a ref (rulesets) is a refusal. */
const REF_MISSING = 'Reference does not exist';

function refIsMissing(error: unknown): boolean {
  return (
    isStatus(error, 404) || (isStatus(error, 422) && error instanceof Error && error.message.includes(REF_MISSING))
  );
}

/** GitHub's 422 when creating a ref that is already there. */
function refExists(error: unknown): boolean {
  return isStatus(error, 422) && error instanceof Error && error.message.includes('Reference already exists');
}

export class OctokitReleasesApi implements ReleasesApi {
  readonly repository: RepositoryRef;
  private readonly octokit: Octokit;
  private readonly ctx: (permission: string) => ErrorContext;
  private readonly direct: DirectUploads | undefined;

  /** `direct`: where each upload's first attempt goes, when not through Octokit (direct-upload.ts). */
  constructor(octokit: Octokit, repository: RepositoryRef, tokenInput: string, direct?: DirectUploads) {
    this.octokit = octokit;
    this.direct = direct;
    this.repository = repository;
    this.ctx = errorContextFor(tokenInput, repository);
  }

  private get repo() {
    return { owner: this.repository.owner, repo: this.repository.repo };
  }

  async listReleases(): Promise<ReleaseData[]> {
    return apiCall('List releases', this.ctx('contents: write'), async () =>
      (
        await this.octokit.paginate(
          this.octokit.rest.repos.listReleases,
          { ...this.repo, per_page: 100 },
          cappedListing(`the releases of ${this.repository.owner}/${this.repository.repo}`, (r) => r.data),
        )
      ).map(toRelease),
    );
  }

  async getReleaseByTag(tag: string): Promise<ReleaseData | undefined> {
    try {
      return await apiCall(`Get release ${tag}`, this.ctx('contents: read'), async () =>
        toRelease((await this.octokit.rest.repos.getReleaseByTag({ ...this.repo, tag })).data),
      );
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async createRelease(fields: ReleaseFields): Promise<ReleaseData> {
    return apiCall(`Create release ${fields.tagName}`, this.ctx('contents: write'), async () =>
      toRelease(
        (
          await this.octokit.request('POST /repos/{owner}/{repo}/releases', {
            ...this.repo,
            ...releaseBody(fields),
          } as never)
        ).data,
      ),
    );
  }

  async updateRelease(id: number, fields: ReleaseFields): Promise<ReleaseData> {
    return apiCall(`Update release ${fields.tagName}`, this.ctx('contents: write'), async () =>
      toRelease(
        (
          await this.octokit.request('PATCH /repos/{owner}/{repo}/releases/{release_id}', {
            ...this.repo,
            release_id: id,
            ...releaseBody(fields),
          } as never)
        ).data,
      ),
    );
  }

  async deleteRelease(id: number): Promise<boolean> {
    return this.deleteIgnoringMissing(`Delete release ${id}`, () =>
      this.octokit.rest.repos.deleteRelease({ ...this.repo, release_id: id }),
    );
  }

  async listAssets(releaseId: number): Promise<AssetData[]> {
    return apiCall(`List assets of release ${releaseId}`, this.ctx('contents: read'), async () =>
      (
        await this.octokit.paginate(this.octokit.rest.repos.listReleaseAssets, {
          ...this.repo,
          release_id: releaseId,
          per_page: 100,
        })
      ).map(toAsset),
    );
  }

  async uploadAsset(release: ReleaseData, file: UploadFile, onProgress?: ProgressCallback): Promise<AssetData> {
    // Through the release's own upload_url, so GitHub Enterprise Server and the emulator work too.
    const url = `${release.uploadUrl.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(file.name)}`;
    return apiCall(`Upload asset ${file.name} to ${release.tagName}`, this.ctx('contents: write'), async () => {
      const sent = await this.direct?.send(url, file.path, file.size, onProgress);
      if (sent !== undefined) return toAsset(sent);
      const response = await this.octokit.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/octet-stream', 'content-length': file.size },
        data: new ReplayableBody(file.path, file.size, onProgress),
      } as never);
      return toAsset(response.data);
    });
  }

  async deleteAsset(id: number): Promise<boolean> {
    return this.deleteIgnoringMissing(`Delete asset ${id}`, () =>
      this.octokit.rest.repos.deleteReleaseAsset({ ...this.repo, asset_id: id }),
    );
  }

  async downloadAsset(id: number, destination: string): Promise<void> {
    await apiCall(`Download asset ${id}`, this.ctx('contents: read'), async () => {
      const response = await this.octokit.request('GET /repos/{owner}/{repo}/releases/assets/{asset_id}', {
        ...this.repo,
        asset_id: id,
        headers: { accept: 'application/octet-stream' },
        request: { parseSuccessResponseBody: false },
      });
      const stream = response.data as unknown as ReadableStream<Uint8Array>;
      await pipeline(Readable.fromWeb(stream as never), createWriteStream(destination));
    });
  }

  async deleteTag(tag: string): Promise<boolean> {
    try {
      await apiCall(`Delete tag ${tag}`, this.ctx('contents: write'), () =>
        this.octokit.rest.git.deleteRef({ ...this.repo, ref: `tags/${tag}` }),
      );
      return true;
    } catch (error) {
      if (refIsMissing(error)) return false;
      throw error;
    }
  }

  async moveTag(tag: string, sha: string, likelyExists = true): Promise<void> {
    const update = () =>
      apiCall(`Move tag ${tag}`, this.ctx('contents: write'), () =>
        this.octokit.rest.git.updateRef({ ...this.repo, ref: `tags/${tag}`, sha, force: true }),
      );
    const create = () =>
      apiCall(`Create tag ${tag}`, this.ctx('contents: write'), () =>
        this.octokit.rest.git.createRef({ ...this.repo, ref: `refs/tags/${tag}`, sha }),
      );
    // The likely request first: a guess that misses costs one more write, never a wrong result.
    const [first, missed, second] = likelyExists ? [update, refIsMissing, create] : [create, refExists, update];
    try {
      await first();
      return;
    } catch (error) {
      if (!missed(error)) throw error;
    }
    await second();
  }

  async commitSha(commitish: string): Promise<string | undefined> {
    if (/^[0-9a-f]{40}$/i.test(commitish)) return commitish.toLowerCase();
    const name = commitish.replace(/^refs\//, '');
    const candidates = /^(heads|tags)\//.test(name) ? [name] : [`heads/${name}`, `tags/${name}`];
    for (const ref of candidates) {
      try {
        return await apiCall(
          `Get ref ${ref}`,
          this.ctx('contents: read'),
          async () => (await this.octokit.rest.git.getRef({ ...this.repo, ref })).data.object.sha,
        );
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
    return undefined;
  }

  async getTagSha(tag: string): Promise<string | undefined> {
    try {
      return await apiCall(
        `Get tag ${tag}`,
        this.ctx('contents: read'),
        async () => (await this.octokit.rest.git.getRef({ ...this.repo, ref: `tags/${tag}` })).data.object.sha,
      );
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async immutableReleasesEnabled(): Promise<ImmutableSetting> {
    try {
      const response = await apiCall('Check immutable releases', this.ctx('administration: read'), () =>
        this.octokit.request('GET /repos/{owner}/{repo}/immutable-releases', this.repo),
      );
      return (response.data as { enabled?: boolean }).enabled ? 'on' : 'off';
    } catch (error) {
      // 404 = not enabled. 403 = this token may not read the setting (it needs administration
      // read, which GITHUB_TOKEN never has): unknown, never off.
      if (isStatus(error, 404)) return 'off';
      if (isStatus(error, 403)) return 'unknown';
      throw error;
    }
  }

  async defaultBranch(): Promise<string> {
    return apiCall(
      'Get repository',
      this.ctx('metadata: read'),
      async () => (await this.octokit.rest.repos.get(this.repo)).data.default_branch,
    );
  }

  async primaryBudget(): Promise<PrimaryBudget | undefined> {
    try {
      const response = await apiCall('Read the rate limit', this.ctx('metadata: read'), () =>
        this.octokit.rest.rateLimit.get(),
      );
      const { core } = response.data.resources;
      return { limit: core.limit, remaining: core.remaining, reset: core.reset };
    } catch (error) {
      // GitHub Enterprise Server with rate limiting disabled answers 404.
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async deleteIgnoringMissing(operation: string, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await apiCall(operation, this.ctx('contents: write'), call);
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }
}
