/** The preflight's planning and decisions with a fake probe: which calls, which message. */
import { checkAccess, PermissionError, refusedWrite } from '../../src/preflight/check.ts';
import { ApiError } from '../../src/errors.ts';
import type { AccessProbe, ProbeAnswer } from '../../src/preflight/probe.ts';
import { fixAdvice, planPermissions } from '../../src/planning/permissions.ts';

const OK: ProbeAnswer = { result: 'ok' };
const FACTS = { source: 'o/src', runId: 7, sha: 'a'.repeat(40) };

function fakeProbe(
  answers: Partial<Record<keyof AccessProbe, ProbeAnswer>>,
  push?: boolean,
): AccessProbe & { calls: string[] } {
  const calls: string[] = [];
  const answer = (name: keyof AccessProbe) => async (repo: string) => {
    calls.push(`${name} ${repo}`);
    return answers[name] ?? OK;
  };
  return {
    calls,
    repository: async (repo) => {
      calls.push(`repository ${repo}`);
      return { answer: answers.repository ?? OK, ...(push === undefined ? {} : { push }) };
    },
    readActions: answer('readActions'),
    readContents: answer('readContents'),
  };
}

const denied = (status: number, accepted?: string): ProbeAnswer => ({
  result: 'denied',
  status,
  message: 'Resource not accessible by integration',
  accepted,
});
const log = { debug: () => undefined };

test('publish to another repository: runs and statuses with token on the source, contents with release-token on the target', () => {
  expect(
    planPermissions({
      mode: 'publish',
      source: 'o/src',
      target: 'o/dst',
      separateReleaseToken: true,
      commitStatus: true,
    }).map((n) => `${n.tokenInput} ${n.repository} ${n.scope}:${n.level}`),
  ).toEqual(['token o/src actions:read', 'release-token o/dst contents:write', 'token o/src statuses:write']);
});

test('dry-run needs only reads; store on artifacts with a job id needs nothing', () => {
  expect(
    planPermissions({
      mode: 'publish',
      source: 'o/s',
      target: 'o/s',
      separateReleaseToken: false,
      dryRun: true,
      commitStatus: true,
    }).map((n) => n.level),
  ).toEqual(['read', 'read']);
  expect(
    planPermissions({
      mode: 'store',
      source: 'o/s',
      target: 'o/s',
      separateReleaseToken: false,
      storeBackend: 'artifacts',
      jobIdFromApi: false,
    }),
  ).toEqual([]);
});

test('every need passes: only reads are sent, nothing thrown (writes are shown by the first real write)', async () => {
  const needs = planPermissions({
    mode: 'publish',
    source: 'o/src',
    target: 'o/src',
    separateReleaseToken: false,
    commitStatus: true,
  });
  const probe = fakeProbe({});
  await checkAccess(needs, { token: probe, 'release-token': probe }, FACTS, log);
  expect(probe.calls).toEqual(['repository o/src', 'readActions o/src', 'readContents o/src']);
});

test('a refused first write names the input, repository, permission, header and the job block', () => {
  const needs = planPermissions({
    mode: 'publish',
    source: 'o/src',
    target: 'o/src',
    separateReleaseToken: false,
    commitStatus: true,
  });
  const refusal = new ApiError('Create commit status', 403, 'Create commit status failed: HTTP 403: …', {
    message: 'Resource not accessible by integration',
    accepted: 'statuses=write',
  });
  const error = refusedWrite(
    needs.find((n) => n.scope === 'statuses')!,
    refusal,
    needs,
    FACTS,
  );
  expect(PermissionError.isPermissionError(error)).toBe(true);
  expect((error as Error).message).toBe(
    "Permission check failed before any change on GitHub. The 'token' input lacks 'statuses: write' on o/src, needed to post commit statuses (commit-status) " +
      '(GitHub answered HTTP 403 "Resource not accessible by integration"; X-Accepted-GitHub-Permissions: statuses=write). ' +
      "Fix: if 'token' is GITHUB_TOKEN, give the job 'permissions: { actions: read, contents: write, statuses: write }'; for a fine-grained personal access token or a GitHub App installation token, grant 'Commit statuses: Read and write' on o/src (Repository access: only select repositories).",
  );
});

test('a 404 on the repository explains every need there; their own answers are not repeated', async () => {
  const needs = planPermissions({ mode: 'publish', source: 'o/src', target: 'o/dst', separateReleaseToken: true });
  const source = fakeProbe({});
  const target = fakeProbe({ repository: denied(404) });
  const error = (await checkAccess(needs, { token: source, 'release-token': target }, FACTS, log).catch(
    (e: unknown) => e,
  )) as Error;
  expect(error.message).toMatch(
    /The 'release-token' input cannot see o\/dst \(HTTP 404.*grant 'Contents: Read and write' on o\/dst/,
  );
  expect(target.calls).toEqual(['repository o/dst', 'readContents o/dst']);
  expect(error.message.split("The 'release-token' input")).toHaveLength(2);
});

test('other failures of a first write are not permission refusals', () => {
  const needs = planPermissions({ mode: 'publish', source: 'o/src', target: 'o/src', separateReleaseToken: false });
  expect(
    refusedWrite(needs[1]!, new ApiError('Create release', 422, 'Validation Failed'), needs, FACTS),
  ).toBeUndefined();
  expect(refusedWrite(needs[1]!, new Error('socket hang up'), needs, FACTS)).toBeUndefined();
});

test('reads are asked in one round trip', async () => {
  const needs = planPermissions({
    mode: 'cleanup',
    source: 'o/s',
    target: 'o/s',
    separateReleaseToken: false,
    storeBackend: 'releases',
  });
  const events: string[] = [];
  const slow = fakeProbe({});
  // Each probe answers after a macrotask: a probe started after an answer came in was waiting for it.
  const timed = Object.fromEntries(
    Object.entries(slow)
      .filter(([k]) => k !== 'calls')
      .map(([k, f]) => [
        k,
        async (...args: never[]) => {
          events.push(`start ${k}`);
          await new Promise((r) => setTimeout(r, 5));
          events.push(`end ${k}`);
          return (f as (...a: never[]) => unknown)(...args);
        },
      ]),
  ) as unknown as AccessProbe;
  await checkAccess(needs, { token: timed, 'release-token': timed }, FACTS, log);
  const firstEnd = events.findIndex((e) => e.startsWith('end'));
  expect(events.slice(0, firstEnd).sort()).toEqual(['start readActions', 'start readContents', 'start repository']);
});

test('a user token without push access fails the contents write without a probe', async () => {
  const needs = planPermissions({
    mode: 'cleanup',
    source: 'o/s',
    target: 'o/s',
    separateReleaseToken: false,
    storeBackend: 'releases',
  });
  const probe = fakeProbe({}, false);
  await expect(checkAccess(needs, { token: probe, 'release-token': probe }, FACTS, log)).rejects.toThrow(
    /lacks 'contents: write' on o\/s.*no push access/,
  );
  expect(probe.calls.filter((c) => c.startsWith('write'))).toEqual([]);
});

test('an inconclusive answer (5xx) is logged, not fatal', async () => {
  const needs = planPermissions({
    mode: 'collect',
    source: 'o/s',
    target: 'o/s',
    separateReleaseToken: false,
    storeBackend: 'releases',
  });
  const messages: string[] = [];
  const probe = fakeProbe({ readContents: { result: 'unknown', detail: 'HTTP 502: Bad gateway' } });
  await checkAccess(needs, { token: probe, 'release-token': probe }, FACTS, { debug: (m) => messages.push(m) });
  expect(messages.join('\n')).toContain('could not tell');
});

test('advice: GITHUB_TOKEN never reaches another repository; a release token gets the token setting, not a permissions block', () => {
  expect(
    fixAdvice({ tokenInput: 'token', repository: 'o/dst', permission: 'contents: write', source: 'o/src' }),
  ).toMatch(/set 'release-token'/);
  const advice = fixAdvice({
    tokenInput: 'release-token',
    repository: 'o/dst',
    permission: 'contents: write',
    source: 'o/src',
  });
  expect(advice).toContain("'Contents: Read and write' on o/dst");
  expect(advice).not.toContain('permissions:');
});
