/**
 * Turns Octokit's request errors into one readable line: the operation, the HTTP status, GitHub's
 * message and, for 401/403/404, the permission the token most likely lacks and how to grant it.
 * Signed URLs and tokens are scrubbed from anything that reaches the log.
 */
import { ApiError } from '../errors.ts';
import { describeAcceptedPermissions, fixAdvice, parseAcceptedPermissions } from '../planning/permissions.ts';

export interface ErrorContext {
  /** Which input held the token: 'token' or 'release-token'. */
  readonly tokenInput: string;
  /** owner/repo the call was about. */
  readonly repository: string;
  /** The permission this operation needs, e.g. `contents: write`. */
  readonly permission: string;
}

/** The error context of one adapter: which token input, which repository; the permission per call. */
export function errorContextFor(
  tokenInput: string,
  repository: { readonly owner: string; readonly repo: string },
): (permission: string) => ErrorContext {
  const fullName = `${repository.owner}/${repository.repo}`;
  return (permission) => ({ tokenInput, repository: fullName, permission });
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

const secrets = new Set<string>();

/** Remembers a secret (the token inputs) so {@link redact} removes it whatever its shape. */
export function registerSecret(value: string): void {
  // Very short values would blank out ordinary words; GitHub tokens are far longer.
  if (value.length >= 8) secrets.add(value);
}

/**
 * Removes query strings (signatures live there), every registered secret, and anything shaped like
 * a GitHub token or an `Authorization` header value.
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out
    .replace(/(https?:\/\/[^\s?'"]+)\?[^\s'"]*/g, '$1?…')
    .replace(/\b(sig|signature|sv|se|token|access_token)=[^\s&'"]+/gi, '$1=***')
    .replace(/\b(authorization:\s*(?:token|bearer|basic)\s+)\S+/gi, '$1***')
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '***');
}

function githubMessage(e: RequestErrorLike): string {
  const data = e.response?.data as
    { message?: unknown; errors?: { code?: string; field?: string; message?: string }[] } | undefined;
  // One line: rulesets answer "Repository rule violations found\n\n<rule>\n\n".
  const base = (typeof data?.message === 'string' ? data.message : (e.message ?? 'unknown error'))
    .replace(/\s+/g, ' ')
    .trim();
  const details = (data?.errors ?? [])
    .map((d) => [d.field, d.code, d.message].filter(Boolean).join(' '))
    .filter(Boolean);
  return details.length > 0 ? `${base} (${details.join('; ')})` : base;
}

function permissionHint(status: number, accepted: string | undefined, ctx: ErrorContext): string {
  // Alternative sets (`;`) read "'a' or 'a, b'"; the advice grants the first set's first permission.
  const described = accepted ? describeAcceptedPermissions(accepted) : undefined;
  const firstSet = accepted ? parseAcceptedPermissions(accepted)[0] : undefined;
  const needed = described ?? `'${ctx.permission}'`;
  const block = firstSet ? firstSet.map((p) => `${p.scope}: ${p.level}`).join(', ') : ctx.permission;
  if (status === 401) {
    return ` The '${ctx.tokenInput}' input holds a token GitHub does not accept (expired or revoked?).`;
  }
  if (status === 403 || status === 404) {
    const visibility = status === 404 ? ` (404 also means the token cannot see ${ctx.repository} at all)` : '';
    // A release-token is never GITHUB_TOKEN's concern: advise the fine-grained / App setting.
    const source = ctx.tokenInput === 'release-token' ? '' : ctx.repository;
    const first = firstSet?.[0] ? `${firstSet[0].scope}: ${firstSet[0].level}` : ctx.permission;
    return (
      ` The '${ctx.tokenInput}' input's token most likely lacks ${needed} on ${ctx.repository}${visibility}. ` +
      fixAdvice({ tokenInput: ctx.tokenInput, repository: ctx.repository, permission: first, source, block })
    );
  }
  return '';
}

/** Wraps a thrown Octokit error; non-HTTP errors keep their message, redacted. */
export function toApiError(operation: string, error: unknown, ctx: ErrorContext): Error {
  const e = error as RequestErrorLike;
  if (typeof e?.status !== 'number') {
    const message = error instanceof Error ? error.message : String(error);
    return new ApiError(operation, 0, redact(`${operation} failed: ${message}`));
  }
  if (e.status === 500 && e.response === undefined) {
    // Octokit's way of saying no answer came (a refused connection, DNS, an untrusted certificate):
    // status 500 with no response. Calling it HTTP 500 would blame GitHub for the runner's network.
    return new ApiError(operation, 0, redact(`${operation} failed: no answer from GitHub: ${e.message ?? ''}`));
  }
  const accepted = e.response?.headers?.['x-accepted-github-permissions'];
  const said = githubMessage(e);
  const message = `${operation} failed: HTTP ${e.status}: ${said}.${permissionHint(e.status, accepted, ctx)}`;
  return new ApiError(operation, e.status, redact(message), { message: redact(said), accepted });
}

/** Runs `call`, turning failures into {@link ApiError}. */
export async function apiCall<T>(operation: string, ctx: ErrorContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApiError(operation, error, ctx);
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return ApiError.isApiError(error) && error.status === status;
}
