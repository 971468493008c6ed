/**
 * In-memory model of the GitHub objects the emulator serves. Plain data only: the HTTP layer
 * (routes/*) turns these records into GitHub's JSON shapes, the admin layer (admin.ts) builds them.
 */
import type { TagRuleset } from './tag-rules.ts';

export type PermissionScope = 'contents' | 'actions' | 'statuses' | 'metadata' | 'administration' | 'workflows';
export type AccessLevel = 'read' | 'write';
/** 'github-token': the GITHUB_TOKEN of Actions (an installation token with its own, smaller budget). */
export type TokenKind = 'github-token' | 'installation' | 'fine-grained-pat' | 'classic-pat';

export interface TokenGrant {
  kind?: TokenKind;
  /** Keyed by 'owner/repo'. Any entry implies metadata: read on that repository, as on GitHub. */
  repos: Record<string, Partial<Record<PermissionScope, AccessLevel>>>;
  /** Requests per hour; defaults to the emulator-wide override, else GitHub's figure for the kind. */
  rateLimit?: number;
}

export type RunStatus = 'requested' | 'queued' | 'pending' | 'waiting' | 'in_progress' | 'completed';

export interface AssetRecord {
  id: number;
  nodeId: string;
  releaseId: number;
  name: string;
  label: string | null;
  state: 'starter' | 'uploaded';
  contentType: string;
  size: number;
  /** 'sha256:<hex>' once fully uploaded. */
  digest: string | null;
  /** Where the bytes live on disk (temp dir of this emulator). */
  filePath: string;
  uploaderToken: string | null;
  createdAt: string;
  updatedAt: string;
  downloadCount: number;
}

export interface ReleaseRecord {
  id: number;
  nodeId: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  immutable: boolean;
  /** Random suffix of the 'untagged-…' name GitHub gives drafts in their html_url. */
  untaggedSuffix: string;
  createdAt: string;
  publishedAt: string | null;
  updatedAt: string;
  assets: AssetRecord[];
}

export interface WorkflowRecord {
  id: number;
  nodeId: string;
  name: string;
  path: string;
  createdAt: string;
}

/** A step of a job as the jobs API shows it (numbered from 1, in order). */
export interface StepRecord {
  number: number;
  name: string;
  status: RunStatus;
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface JobRecord {
  id: number;
  runId: number;
  runAttempt: number;
  name: string;
  status: RunStatus;
  conclusion: string | null;
  runnerName: string | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  steps: StepRecord[];
}

export interface RunRecord {
  id: number;
  workflowId: number;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: RunStatus;
  conclusion: string | null;
  headBranch: string;
  headSha: string;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  jobs: JobRecord[];
}

export interface StatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  targetUrl: string | null;
  description: string | null;
  context: string;
  createdAt: string;
}

/** What the commits API tells about a commit: its parents (history), message and author. */
export interface CommitRecord {
  sha: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  immutableReleases: boolean;
  commits: Set<string>;
  /** Commits whose workflow files differ from the branch heads': tagging them needs `workflows`. */
  workflowCommits: Set<string>;
  /** Tag rulesets (creation / update / deletion restricted for matching tags). */
  tagRulesets: TagRuleset[];
  /** Parents, message and author of the commits that have them (addCommit); others read as roots. */
  commitInfo: Map<string, CommitRecord>;
  /** Full ref name ('refs/heads/main', 'refs/tags/v1') → sha. */
  refs: Map<string, string>;
  releases: ReleaseRecord[];
  /** Release explicitly marked Latest (make_latest 'true'), if any. */
  latestReleaseId: number | null;
  /** Tag names once used by an immutable release: never usable by a published release again. */
  burnedTagNames: Set<string>;
  workflows: WorkflowRecord[];
  runs: RunRecord[];
  statuses: StatusRecord[];
}

export interface EmulatorState {
  repos: Map<string, RepoRecord>;
  tokens: Map<string, TokenGrant>;
  nextId: number;
  /** Directory holding uploaded asset bytes; removed on close. */
  blobDir: string;
  /** Signed download URLs handed out in 302 answers: signature → asset id. */
  downloadSignatures: Map<string, number>;
}

export function createState(blobDir: string): EmulatorState {
  return { repos: new Map(), tokens: new Map(), nextId: 1000, blobDir, downloadSignatures: new Map() };
}

export function allocateId(state: EmulatorState): number {
  state.nextId += 1;
  return state.nextId;
}

export function repoKey(owner: string, repo: string): string {
  return `${owner}/${repo}`.toLowerCase();
}

export function findRepo(state: EmulatorState, owner: string, repo: string): RepoRecord | undefined {
  return state.repos.get(repoKey(owner, repo));
}

/** GitHub timestamps are ISO 8601 UTC with second precision ('2024-06-01T12:00:03Z'). */
export function toGitHubTime(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nowIso(): string {
  return toGitHubTime(new Date());
}

export function nodeIdFor(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

export function findAsset(
  repo: RepoRecord,
  assetId: number,
): { release: ReleaseRecord; asset: AssetRecord } | undefined {
  for (const release of repo.releases) {
    const asset = release.assets.find((a) => a.id === assetId);
    if (asset) return { release, asset };
  }
  return undefined;
}

export function findAssetAnywhere(
  state: EmulatorState,
  assetId: number,
): { repo: RepoRecord; release: ReleaseRecord; asset: AssetRecord } | undefined {
  for (const repo of state.repos.values()) {
    const found = findAsset(repo, assetId);
    if (found) return { repo, ...found };
  }
  return undefined;
}

/** Resolves a branch name, 'heads/x', 'tags/x', or a full sha to a commit sha. */
export function resolveCommitish(repo: RepoRecord, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(ref)) return repo.commits.has(ref) ? ref : undefined;
  const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
  for (const candidate of candidates) {
    const sha = repo.refs.get(candidate);
    if (sha) return sha;
  }
  return undefined;
}
