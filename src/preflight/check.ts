/**
 * The preflight proper: before the first write, asks GitHub (through {@link AccessProbe}) whether
 * each token can do what this run needs, and fails with one message naming the token input, the
 * repository, the missing permission and the fix. Reads are tested by reading; writes by requests
 * GitHub refuses after its permission check (see probe.ts), so nothing is ever written.
 */
import { fixAdvice, permissionsBlock, type Need, type TokenInput } from '../planning/permissions.ts';
import type { AccessProbe, ProbeAnswer } from './probe.ts';

/** A token lacks a permission this run needs; found before any write. */
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

function denial(need: Need, answer: Extract<ProbeAnswer, { result: 'denied' }>, needs: readonly Need[], facts: PreflightFacts): string {
  const permission = `${need.scope}: ${need.level}`;
  const what =
    answer.status === 401
      ? `holds a token GitHub does not accept (expired, revoked, or an empty or misspelt secret)`
      : answer.status === 404
        ? `cannot see ${need.repository} (HTTP 404: the repository is not among those the token may access, or does not exist), so it lacks '${permission}' there`
        : `lacks '${permission}' on ${need.repository}`;
  const header = answer.accepted ? `; X-Accepted-GitHub-Permissions: ${answer.accepted}` : '';
  const github = `GitHub answered HTTP ${answer.status} "${answer.message}"${header}`;
  const fix = answer.status === 401
    ? `Fix: check the secret passed as '${need.tokenInput}'.`
    : fixAdvice({ tokenInput: need.tokenInput, repository: need.repository, permission, source: facts.source, block: permissionsBlock(needs, facts.source) });
  return `The '${need.tokenInput}' input ${what}, needed to ${need.why} (${github}). ${fix}`;
}

async function probe(need: Need, p: AccessProbe, facts: PreflightFacts, phase: Phase): Promise<ProbeAnswer> {
  if (need.scope === 'actions') return p.readActions(need.repository, facts.runId);
  // In the read phase a contents write need is checked by its read half: publish lists releases
  // before its write probes, and a token without even read access should hear about write.
  if (need.scope === 'contents') return need.level === 'write' && phase !== 'reads' ? p.writeContents(need.repository) : p.readContents(need.repository);
  // statuses: only write is ever needed.
  return p.writeStatuses(need.repository, facts.sha);
}

/**
 * Checks every need; throws one {@link PermissionError} listing what is missing (one sentence per
 * missing permission). Answers that prove nothing (5xx after retries, odd statuses) are logged and
 * left to the real calls, whose errors carry the same advice (api-errors.ts).
 */
/**
 * `reads`: visibility and read permissions; `writes`: the write probes only (publish runs them
 * right before its first write, after its own read-only checks); `all`: both.
 */
export type Phase = 'reads' | 'writes' | 'all';

export async function checkAccess(needs: readonly Need[], probes: Record<TokenInput, AccessProbe>, facts: PreflightFacts, log: PreflightLog, phase: Phase = 'all'): Promise<void> {
  const problems: string[] = [];
  const unseen = new Set<string>();
  const keyOf = (need: Need): string => `${need.tokenInput} ${need.repository}`;
  // Visibility once per token and repository: a 401 or 404 explains every need there.
  const visibility = phase === 'writes' ? [] : needs.filter((need, i) => needs.findIndex((n) => keyOf(n) === keyOf(need)) === i);
  // Reads phase: every read, and the read half of contents writes; writes phase: the write probes.
  const wanted = needs.filter((n) => phase === 'all' || (phase === 'reads' ? n.level === 'read' || n.scope === 'contents' : n.level === 'write'));
  const isWriteProbe = (need: Need): boolean => need.level === 'write' && phase !== 'reads';
  const explained = (need: Need): boolean => unseen.has(keyOf(need)) || unseen.has(`${keyOf(need)} ${need.scope}`);
  // Read probes go out with the visibility probes, all at once (one round trip, not one each);
  // write probes (requests GitHub refuses) only where the repository is visible and pushable.
  const answerOf = new Map<Need, ProbeAnswer>();
  const ask = async (need: Need): Promise<void> => {
    answerOf.set(need, await probe(need, probes[need.tokenInput], facts, phase));
  };
  const [seen] = await Promise.all([
    Promise.all(visibility.map((need) => probes[need.tokenInput].repository(need.repository))),
    Promise.all(wanted.filter((n) => !isWriteProbe(n)).map(ask)),
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
        problems.push(denial(n, { result: 'denied', status: 403, message: 'the token\'s user has no push access (permissions.push is false)', accepted: undefined }, needs, facts));
      }
    }
  });
  await Promise.all(wanted.filter((n) => isWriteProbe(n) && !explained(n)).map(ask));
  // In need order, so the message is the same whatever answered first; a need its repository's
  // visibility (or push access) already explains is not repeated.
  for (const need of wanted) {
    const answer = answerOf.get(need);
    if (answer === undefined || explained(need)) continue;
    if (answer.result === 'denied') problems.push(denial(need, answer, needs, facts));
    else if (answer.result === 'unknown') log.debug(`Preflight could not tell whether '${need.tokenInput}' has '${need.scope}: ${need.level}' on ${need.repository}: ${answer.detail}`);
  }
  if (problems.length > 0) {
    throw new PermissionError(`Permission check failed before any change on GitHub. ${problems.join(' ')}`);
  }
}
