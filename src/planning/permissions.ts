/**
 * What a run needs from each token (SPEC §7), and the one-line advice that fixes a missing
 * permission. Pure: the preflight (src/preflight) asks GitHub, this module decides and words.
 */

export type TokenInput = 'token' | 'release-token';
export type Scope = 'contents' | 'actions' | 'statuses';
export type Level = 'read' | 'write';

export interface Need {
  /** The input that holds the token, so the message names what the user set. */
  readonly tokenInput: TokenInput;
  /** owner/repo. */
  readonly repository: string;
  readonly scope: Scope;
  readonly level: Level;
  /** What the run does with it, in a few words ("read workflow runs and jobs"). */
  readonly why: string;
}

export interface PlanInput {
  readonly mode: 'store' | 'collect' | 'publish' | 'cleanup';
  readonly source: string;
  readonly target: string;
  /** True when `release-token` was given (else the target is reached with `token`). */
  readonly separateReleaseToken: boolean;
  /** Where stored items live, for store/collect/cleanup. */
  readonly storeBackend?: 'artifacts' | 'releases';
  /** The `job-id` input is empty: the jobs API names this job. */
  readonly jobIdFromApi?: boolean;
  readonly commitStatus?: boolean;
  readonly dryRun?: boolean;
  /** cleanup: which kinds of leftovers it removes. */
  readonly cleanupWhat?: ReadonlySet<'store' | 'incomplete'>;
  readonly ifRunFailing?: boolean;
}

/** GitHub's names in a fine-grained token's or App's settings page, per scope. */
const SETTING_NAMES: Record<Scope, string> = { contents: 'Contents', actions: 'Actions', statuses: 'Commit statuses' };

const RANK: Record<Level, number> = { read: 1, write: 2 };

/** The needs of one run, deduplicated (a write covers a read of the same scope and repository). */
export function planPermissions(p: PlanInput): Need[] {
  const targetToken: TokenInput = p.separateReleaseToken ? 'release-token' : 'token';
  const needs: Need[] = [];
  const add = (tokenInput: TokenInput, repository: string, scope: Scope, level: Level, why: string): void => {
    const same = needs.findIndex(
      (n) => n.tokenInput === tokenInput && n.repository === repository && n.scope === scope,
    );
    const existing = needs[same];
    if (existing === undefined) needs.push({ tokenInput, repository, scope, level, why });
    else if (RANK[level] > RANK[existing.level]) needs[same] = { tokenInput, repository, scope, level, why };
  };
  switch (p.mode) {
    case 'publish':
      add('token', p.source, 'actions', 'read', 'read workflow runs (which run is newest)');
      add(
        targetToken,
        p.target,
        'contents',
        p.dryRun ? 'read' : 'write',
        p.dryRun ? 'read releases' : 'create, upload to and delete releases and ci-* tags',
      );
      if (p.commitStatus && !p.dryRun)
        add('token', p.source, 'statuses', 'write', 'post commit statuses (commit-status)');
      break;
    case 'store':
      if (p.jobIdFromApi)
        add('token', p.source, 'actions', 'read', "find this job with the jobs API ('job-id' is empty)");
      if (p.storeBackend === 'releases') {
        // The stored draft's marker names the workflow id, which only the runs API gives.
        add('token', p.source, 'actions', 'read', 'read this workflow run (the stored draft names its workflow)');
        add('token', p.source, 'contents', 'write', 'keep stored files in draft releases (backend: releases)');
      }
      break;
    case 'collect':
      // Drafts are listed only to tokens that may write; reading them needs contents: write.
      if (p.storeBackend === 'releases')
        add('token', p.source, 'contents', 'write', 'list and download the stored draft releases (backend: releases)');
      break;
    case 'cleanup': {
      add('token', p.source, 'actions', 'read', 'read workflow runs and jobs (which leftovers no running job needs)');
      const what = p.cleanupWhat ?? new Set(['store', 'incomplete']);
      if (what.has('incomplete')) add(targetToken, p.target, 'contents', 'write', 'delete incomplete draft releases');
      if (what.has('store') && p.storeBackend === 'releases')
        add('token', p.source, 'contents', 'write', 'delete stored draft releases (backend: releases)');
      break;
    }
  }
  return needs;
}

/** `contents: write, actions: read` — the `permissions:` block of GITHUB_TOKEN for the source. */
export function permissionsBlock(needs: readonly Need[], source: string): string {
  const own = needs.filter((n) => n.tokenInput === 'token' && n.repository === source);
  return own.map((n) => `${n.scope}: ${n.level}`).join(', ');
}

/** "Contents: Read and write" as GitHub's token settings page says it. */
export function settingName(scope: Scope, level: Level): string {
  return `${SETTING_NAMES[scope]}: ${level === 'write' ? 'Read and write' : 'Read-only'}`;
}

/** Parses `contents: write` or `contents=write` (X-Accepted-GitHub-Permissions) into a scope and level. */
export function parsePermission(text: string): { scope: string; level: string } | undefined {
  const match = /^\s*([a-z_]+)\s*[:=]\s*([a-z]+)\s*$/.exec(text);
  return match ? { scope: match[1] as string, level: match[2] as string } : undefined;
}

/**
 * X-Accepted-GitHub-Permissions: `;` separates alternative sets, `,` the permissions of one set
 * (`contents=write; contents=write,workflows=write`: either set is enough). Unparsable parts are
 * dropped.
 */
export function parseAcceptedPermissions(header: string): { scope: string; level: string }[][] {
  return header
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map(parsePermission)
        .filter((p): p is { scope: string; level: string } => p !== undefined),
    )
    .filter((set) => set.length > 0);
}

/** `'contents: write' or 'contents: write, workflows: write'`, as a sentence can hold it. */
export function describeAcceptedPermissions(header: string): string | undefined {
  const sets = parseAcceptedPermissions(header);
  if (sets.length === 0) return undefined;
  return sets.map((set) => `'${set.map((p) => `${p.scope}: ${p.level}`).join(', ')}'`).join(' or ');
}

export interface AdviceInput {
  readonly tokenInput: string;
  readonly repository: string;
  /** e.g. `contents: write`. */
  readonly permission: string;
  /** The source repository, when known: GITHUB_TOKEN reaches only that one. */
  readonly source?: string;
  /** The whole `permissions:` block the job needs, when known. */
  readonly block?: string;
}

/**
 * How to grant `permission`: the job's `permissions:` block for GITHUB_TOKEN on the source
 * repository, and the fine-grained token / GitHub App setting otherwise.
 */
export function fixAdvice(a: AdviceInput): string {
  const parsed = parsePermission(a.permission);
  const setting =
    parsed && parsed.scope in SETTING_NAMES
      ? settingName(parsed.scope as Scope, parsed.level === 'write' ? 'write' : 'read')
      : a.permission;
  const tokenSetting = `for a fine-grained personal access token or a GitHub App installation token, grant '${setting}' on ${a.repository} (Repository access: only select repositories)`;
  const crossRepository = a.source !== undefined && a.source !== a.repository;
  if (crossRepository && a.tokenInput === 'token') {
    return `Fix: GITHUB_TOKEN never reaches another repository: set 'release-token' to a token with '${setting}' on ${a.repository} only (a fine-grained personal access token, or a GitHub App installation token from actions/create-github-app-token).`;
  }
  if (crossRepository) return `Fix: ${tokenSetting}.`;
  const block = a.block && a.block !== '' ? a.block : a.permission;
  return `Fix: if '${a.tokenInput}' is GITHUB_TOKEN, give the job 'permissions: { ${block} }'; ${tokenSetting}.`;
}
