/**
 * GitHub's JSON shapes (snake_case, numeric ids, url/html_url…) for the records in state.ts.
 * Kept apart from the handlers so every route answers the same object for the same record.
 */
import type {
  AssetRecord,
  JobRecord,
  ReleaseRecord,
  RepoRecord,
  RunRecord,
  StatusRecord,
  WorkflowRecord,
} from './state.ts';
import { nodeIdFor } from './state.ts';

export interface UrlBases {
  apiUrl: string;
  serverUrl: string;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

/** Tag names may contain '/', which GitHub keeps literal in its URLs. */
function encTag(tag: string): string {
  return tag.split('/').map(enc).join('/');
}

export function repoApiUrl(bases: UrlBases, repo: RepoRecord): string {
  return `${bases.apiUrl}/repos/${enc(repo.owner)}/${enc(repo.name)}`;
}

export function repoHtmlUrl(bases: UrlBases, repo: RepoRecord): string {
  return `${bases.serverUrl}/${enc(repo.owner)}/${enc(repo.name)}`;
}

export function userJson(bases: UrlBases, login: string): Record<string, unknown> {
  return {
    login,
    id: 41898282,
    node_id: 'MDM6Qm90NDE4OTgyODI=',
    type: 'Bot',
    url: `${bases.apiUrl}/users/${enc(login)}`,
    html_url: `${bases.serverUrl}/apps/${enc(login)}`,
    site_admin: false,
  };
}

export function repoJson(bases: UrlBases, repo: RepoRecord): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: nodeIdFor('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: { login: repo.owner, type: 'Organization', url: `${bases.apiUrl}/users/${enc(repo.owner)}` },
    html_url: repoHtmlUrl(bases, repo),
    url: repoApiUrl(bases, repo),
    releases_url: `${repoApiUrl(bases, repo)}/releases{/id}`,
    default_branch: repo.defaultBranch,
    archived: false,
    disabled: false,
  };
}

export function assetBrowserUrl(bases: UrlBases, repo: RepoRecord, release: ReleaseRecord, asset: AssetRecord): string {
  return `${repoHtmlUrl(bases, repo)}/releases/download/${encTag(htmlTagName(release))}/${enc(asset.name)}`;
}

export function assetJson(
  bases: UrlBases,
  repo: RepoRecord,
  release: ReleaseRecord,
  asset: AssetRecord,
): Record<string, unknown> {
  return {
    url: `${repoApiUrl(bases, repo)}/releases/assets/${asset.id}`,
    browser_download_url: assetBrowserUrl(bases, repo, release, asset),
    id: asset.id,
    node_id: asset.nodeId,
    name: asset.name,
    label: asset.label ?? '',
    state: asset.state,
    content_type: asset.contentType,
    size: asset.size,
    digest: asset.digest,
    download_count: asset.downloadCount,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
    uploader: userJson(bases, 'github-actions[bot]'),
  };
}

/** Drafts show 'untagged-<hex>' in their web URLs, as GitHub does: the tag does not exist yet. */
export function htmlTagName(release: ReleaseRecord): string {
  return release.draft ? `untagged-${release.untaggedSuffix}` : release.tagName;
}

export function releaseJson(bases: UrlBases, repo: RepoRecord, release: ReleaseRecord): Record<string, unknown> {
  const api = `${repoApiUrl(bases, repo)}/releases/${release.id}`;
  return {
    url: api,
    html_url: `${repoHtmlUrl(bases, repo)}/releases/tag/${encTag(htmlTagName(release))}`,
    assets_url: `${api}/assets`,
    upload_url: `${bases.apiUrl}/api/uploads/repos/${enc(repo.owner)}/${enc(repo.name)}/releases/${release.id}/assets{?name,label}`,
    tarball_url: release.draft ? null : `${repoApiUrl(bases, repo)}/tarball/${encTag(release.tagName)}`,
    zipball_url: release.draft ? null : `${repoApiUrl(bases, repo)}/zipball/${encTag(release.tagName)}`,
    id: release.id,
    node_id: release.nodeId,
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: release.immutable,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    updated_at: release.updatedAt,
    author: userJson(bases, 'github-actions[bot]'),
    assets: release.assets.map((asset) => assetJson(bases, repo, release, asset)),
  };
}

export function workflowJson(bases: UrlBases, repo: RepoRecord, workflow: WorkflowRecord): Record<string, unknown> {
  return {
    id: workflow.id,
    node_id: workflow.nodeId,
    name: workflow.name,
    path: workflow.path,
    state: 'active',
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${repoApiUrl(bases, repo)}/actions/workflows/${workflow.id}`,
    html_url: `${repoHtmlUrl(bases, repo)}/blob/${enc(repo.defaultBranch)}/${workflow.path}`,
    badge_url: `${repoHtmlUrl(bases, repo)}/workflows/${enc(workflow.name)}/badge.svg`,
  };
}

export function runJson(bases: UrlBases, repo: RepoRecord, run: RunRecord): Record<string, unknown> {
  const workflow = repo.workflows.find((w) => w.id === run.workflowId);
  const api = `${repoApiUrl(bases, repo)}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: workflow?.name ?? null,
    node_id: nodeIdFor('WorkflowRun', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflow?.path ?? '',
    display_title: workflow?.name ?? '',
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url: api,
    html_url: `${repoHtmlUrl(bases, repo)}/actions/runs/${run.id}`,
    jobs_url: `${api}/jobs`,
    workflow_url: `${repoApiUrl(bases, repo)}/actions/workflows/${run.workflowId}`,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_attempt: run.runAttempt,
    run_started_at: run.runStartedAt,
    repository: { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}` },
  };
}

export function jobJson(bases: UrlBases, repo: RepoRecord, run: RunRecord, job: JobRecord): Record<string, unknown> {
  const workflow = repo.workflows.find((w) => w.id === run.workflowId);
  return {
    id: job.id,
    run_id: job.runId,
    run_url: `${repoApiUrl(bases, repo)}/actions/runs/${run.id}`,
    run_attempt: job.runAttempt,
    node_id: nodeIdFor('CheckRun', job.id),
    head_sha: run.headSha,
    head_branch: run.headBranch,
    url: `${repoApiUrl(bases, repo)}/actions/jobs/${job.id}`,
    html_url: `${repoHtmlUrl(bases, repo)}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: job.steps.map((step) => ({
      name: step.name,
      status: step.status,
      conclusion: step.conclusion,
      number: step.number,
      started_at: step.startedAt,
      completed_at: step.completedAt,
    })),
    check_run_url: `${repoApiUrl(bases, repo)}/check-runs/${job.id}`,
    labels: ['ubuntu-latest'],
    runner_id: job.runnerName ? 1 : null,
    runner_name: job.runnerName,
    runner_group_id: job.runnerName ? 1 : null,
    runner_group_name: job.runnerName ? 'GitHub Actions' : null,
    workflow_name: workflow?.name ?? null,
  };
}

export function statusJson(bases: UrlBases, repo: RepoRecord, status: StatusRecord): Record<string, unknown> {
  return {
    url: `${repoApiUrl(bases, repo)}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: nodeIdFor('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: userJson(bases, 'github-actions[bot]'),
  };
}
