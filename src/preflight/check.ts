/**
 * The preflight proper: before the first write, asks GitHub (through {@link AccessProbe}) whether
 * each token can do what this run needs, and fails with one message naming the token input, the
 * repository, the missing permission and the fix. Reads are tested by reading. A write permission
 * is tested by the first write of its kind, chosen so that a refusal changes nothing public (the
 * incomplete draft for contents, a `pending` commit status for statuses): {@link refusedWrite}
 * turns that write's refusal into the same message. No request GitHub's API description calls
 * invalid is ever sent to learn anything.
 */
import { ApiError } from '../errors.ts';
import { fixAdvice, permissionsBlock, type Need, type TokenInput } from '../planning/permissions.ts';
import type { AccessProbe, ProbeAnswer } from './probe.ts';

/** A token lacks a permission this run needs; found before anything public changed. */
export class PermissionError extends Error {
  override readonly name = 'PermissionError';
  static isPermissionError(e: unknown): e is PermissionError {
    return e instanceof Error && e.name === 'PermissionError';
  }
}

export interface PreflightFacts {
  /** owner/repo the workflow runs in. */
  readonly source: string;
  readonly runId: number;
  readonly sha: string;
}

export interface PreflightLog {
  debug(message: string): void;
}

type Denied = Extract<ProbeAnswer, { result: 'denied' }>;

function denial(need: Need, answer: Denied, needs: readonly Need[], facts: PreflightFacts): string {
  const permission = `${need.scope}: ${need.level}`;
  const what =
    answer.status === 401
      ? `holds a token GitHub does not accept (expired, revoked, or an empty or misspelt secret)`
      : answer.status === 404
        ? `cannot see ${need.repository} (HTTP 404: the repository is not among those the token may access, or does not exist), so it lacks '${permission}' there`
        : `lacks '${permission}' on ${need.repository}`;
  const header = answer.accepted ? `; X-Accepted-GitHub-Permissions: ${answer.accepted}` : '';
  const github = `GitHub answered HTTP ${answer.status} "${answer.message}"${header}`;
  const fix =
    answer.status === 401
      ? `Fix: check the secret passed as '${need.tokenInput}'.`
      : fixAdvice({
          tokenInput: need.tokenInput,
          repository: need.repository,
          permission,
          source: facts.source,
          block: permissionsBlock(needs, facts.source),
        });
  return `The '${need.tokenInput}' input ${what}, needed to ${need.why} (${github}). ${fix}`;
}

/** The read that shows a need: runs for actions, releases for contents (the read half of write). */
function readProbe(need: Need, p: AccessProbe, facts: PreflightFacts): Promise<ProbeAnswer> | undefined {
  if (need.scope === 'actions') return p.readActions(need.repository, facts.runId);
  if (need.scope === 'contents') return p.readContents(need.repository);
  // statuses: only write is ever needed, and only a write shows it.
  return undefined;
}

/**
 * Checks visibility and every read need (and the read half of contents writes); throws one
 * {@link PermissionError} listing what is missing (one sentence per missing permission). Answers
 * that prove nothing (5xx after retries, odd statuses) are logged and left to the real calls.
 */
export async function checkAccess(
  needs: readonly Need[],
  probes: Record<TokenInput, AccessProbe>,
  facts: PreflightFacts,
  log: PreflightLog,
): Promise<void> {
  const problems: string[] = [];
  const unseen = new Set<string>();
  const keyOf = (need: Need): string => `${need.tokenInput} ${need.repository}`;
  // Visibility once per token and repository: a 401 or 404 explains every need there.
  const visibility = needs.filter((need, i) => needs.findIndex((n) => keyOf(n) === keyOf(need)) === i);
  const explained = (need: Need): boolean => unseen.has(keyOf(need)) || unseen.has(`${keyOf(need)} ${need.scope}`);
  // All reads at once (one round trip, not one each).
  const [seen, answers] = await Promise.all([
    Promise.all(visibility.map((need) => probes[need.tokenInput].repository(need.repository))),
    Promise.all(needs.map((need) => readProbe(need, probes[need.tokenInput], facts) ?? Promise.resolve(undefined))),
  ]);
  visibility.forEach((need, i) => {
    const key = keyOf(need);
    const { answer, push } = seen[i] as Awaited<ReturnType<AccessProbe['repository']>>;
    if (answer.result === 'denied') {
      unseen.add(key);
      for (const n of needs.filter((m) => keyOf(m) === key)) problems.push(denial(n, answer, needs, facts));
    } else if (push === false) {
      // User tokens: GitHub reports the user's own access; no push access means no write at all.
      for (const n of needs.filter((m) => keyOf(m) === key && m.level === 'write' && m.scope === 'contents')) {
        unseen.add(`${key} ${n.scope}`);
        problems.push(
          denial(
            n,
            {
              result: 'denied',
              status: 403,
              message: "the token's user has no push access (permissions.push is false)",
              accepted: undefined,
            },
            needs,
            facts,
          ),
        );
      }
    }
  });
  // In need order, so the message is the same whatever answered first; a need its repository's
  // visibility (or push access) already explains is not repeated.
  needs.forEach((need, i) => {
    const answer = answers[i];
    if (answer === undefined || explained(need)) return;
    if (answer.result === 'denied') problems.push(denial(need, answer, needs, facts));
    else if (answer.result === 'unknown')
      log.debug(
        `Preflight could not tell whether '${need.tokenInput}' has '${need.scope}: ${need.level}' on ${need.repository}: ${answer.detail}`,
      );
  });
  if (problems.length > 0) {
    throw new PermissionError(`Permission check failed before any change on GitHub. ${problems.join(' ')}`);
  }
}

/**
 * The refusal of the first write of a need's kind (401/403/404) as the preflight's message;
 * undefined for any other failure, which keeps its own error.
 */
export function refusedWrite(
  need: Need,
  error: unknown,
  needs: readonly Need[],
  facts: PreflightFacts,
): PermissionError | undefined {
  if (!ApiError.isApiError(error) || ![401, 403, 404].includes(error.status)) return undefined;
  const answer: Denied = {
    result: 'denied',
    status: error.status,
    message: error.githubMessage ?? error.message,
    accepted: error.acceptedPermissions,
  };
  return new PermissionError(
    `Permission check failed before any change on GitHub. ${denial(need, answer, needs, facts)}`,
  );
}
