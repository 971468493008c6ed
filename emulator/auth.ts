/**
 * Token resolution and GitHub's fine-grained permission model: who may call which route on which
 * repository, and the exact error GitHub gives when they may not.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, notFound } from './http.ts';
import type { RoutePermission } from './http.ts';
import type { AccessLevel, EmulatorState, PermissionScope, RepoRecord, TokenGrant } from './state.ts';

export interface Caller {
  token: string | null;
  grant: TokenGrant | null;
}

/** Reads `Authorization: token X` / `Bearer X`; an unknown token is GitHub's 401 "Bad credentials". */
export function identifyCaller(state: EmulatorState, req: IncomingMessage): Caller {
  const header = req.headers.authorization;
  if (!header) return { token: null, grant: null };
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  const grant = token === undefined ? undefined : state.tokens.get(token);
  if (token === undefined || grant === undefined) throw new HttpError(401, 'Bad credentials');
  return { token, grant };
}

const LEVEL_RANK: Record<AccessLevel, number> = { read: 1, write: 2 };

export function grantedLevel(grant: TokenGrant | null, repo: RepoRecord, scope: PermissionScope): AccessLevel | null {
  if (!grant) return null;
  const entry = Object.entries(grant.repos).find(
    ([name]) => name.toLowerCase() === `${repo.owner}/${repo.name}`.toLowerCase(),
  );
  if (!entry) return null;
  const level = entry[1][scope];
  if (level) return level;
  // Every grant on a repository carries metadata: read (GitHub adds it implicitly).
  return scope === 'metadata' ? 'read' : null;
}

export function hasPermission(
  grant: TokenGrant | null,
  repo: RepoRecord,
  scope: PermissionScope,
  level: AccessLevel,
): boolean {
  const granted = grantedLevel(grant, repo, scope);
  return granted !== null && LEVEL_RANK[granted] >= LEVEL_RANK[level];
}

function grantCoversRepo(grant: TokenGrant | null, repo: RepoRecord): boolean {
  return grantedLevel(grant, repo, 'metadata') !== null;
}

function forbidden(grant: TokenGrant, permission: { scope: PermissionScope; level: AccessLevel }): HttpError {
  const kind = grant.kind ?? 'installation';
  const by = kind === 'installation' || kind === 'github-token' ? 'integration' : 'personal access token';
  // Classic PATs use OAuth scopes; GitHub then sends X-Accepted-OAuth-Scopes instead.
  const headers: Record<string, string> =
    kind === 'classic-pat'
      ? { 'x-accepted-oauth-scopes': 'repo' }
      : { 'x-accepted-github-permissions': `${permission.scope}=${permission.level}` };
  return new HttpError(403, `Resource not accessible by ${by}`, undefined, headers);
}

/**
 * Decides whether the caller may use a route on a repository:
 * private repos the caller cannot see → 404 (GitHub hides their existence); public repos are readable
 * by anyone; a missing permission → 403 naming what is needed.
 */
export function authorise(
  caller: Caller,
  repo: RepoRecord | undefined,
  permission: RoutePermission,
  method: string,
): void {
  if (permission === 'public') return;
  if (!repo) throw notFound();
  const { grant } = caller;
  const covered = grantCoversRepo(grant, repo);
  if (!covered && repo.private) throw notFound();
  const isRead = permission.level === 'read' && (method === 'GET' || method === 'HEAD');
  if (!covered) {
    if (isRead) return; // public repository, read access for everyone
    if (!grant) throw new HttpError(401, 'Requires authentication');
    throw forbidden(grant, permission);
  }
  if (hasPermission(grant, repo, permission.scope, permission.level)) return;
  if (isRead && !repo.private) return;
  throw forbidden(grant as TokenGrant, permission);
}
