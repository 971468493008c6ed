import { describe, expect, test } from '@jest/globals';
import { json, worldPerTest } from './helpers.ts';

const w = worldPerTest();

const R = '/repos/octo/app';
const at = (s: number): string => new Date(Date.UTC(2024, 5, 1, 12, 0, s)).toISOString();

describe('workflow runs', () => {
  test('filters by branch, event, status or conclusion, head_sha; newest first; paginated', async () => {
    const ci = w().repo.addWorkflow('.github/workflows/ci.yml', 'CI');
    const other = w().repo.addWorkflow('.github/workflows/other.yml');
    const r1 = w().repo.addRun({
      workflowId: ci.id,
      headBranch: 'main',
      headSha: w().sha,
      status: 'completed',
      conclusion: 'success',
      createdAt: at(1),
    });
    const r2 = w().repo.addRun({
      workflowId: ci.id,
      headBranch: 'main',
      headSha: w().sha,
      event: 'schedule',
      createdAt: at(2),
    });
    const r3 = w().repo.addRun({
      workflowId: ci.id,
      headBranch: 'v1.0',
      headSha: w().sha,
      status: 'completed',
      conclusion: 'failure',
      createdAt: at(3),
    });
    w().repo.addRun({
      workflowId: other.id,
      headBranch: 'main',
      headSha: 'a'.repeat(40),
      status: 'queued',
      createdAt: at(4),
    });
    expect([r1.runNumber, r2.runNumber, r3.runNumber]).toEqual([1, 2, 3]);

    const byFile = await json(await w().api('GET', `${R}/actions/workflows/ci.yml/runs?branch=main`));
    expect(byFile.total_count).toBe(2);
    expect(byFile.workflow_runs.map((r: any) => r.id)).toEqual([r2.id, r1.id]);
    const byId = await json(await w().api('GET', `${R}/actions/workflows/${ci.id}/runs?event=schedule`));
    expect(byId.workflow_runs.map((r: any) => r.id)).toEqual([r2.id]);
    const inProgress = await json(await w().api('GET', `${R}/actions/workflows/${ci.id}/runs?status=in_progress`));
    expect(inProgress.workflow_runs.map((r: any) => r.id)).toEqual([r2.id]);
    const failed = await json(await w().api('GET', `${R}/actions/runs?status=failure`));
    expect(failed.workflow_runs.map((r: any) => r.id)).toEqual([r3.id]);
    const bySha = await json(await w().api('GET', `${R}/actions/runs?head_sha=${'a'.repeat(40)}`));
    expect(bySha.total_count).toBe(1);

    const page = await w().api('GET', `${R}/actions/runs?per_page=2&page=1`);
    const body = await json(page);
    expect(body.total_count).toBe(4);
    expect(body.workflow_runs).toHaveLength(2);
    expect(page.headers.get('link')).toContain('rel="next"');

    const run = await json(await w().api('GET', `${R}/actions/runs/${r3.id}`));
    expect(run).toMatchObject({
      id: r3.id,
      name: 'CI',
      workflow_id: ci.id,
      run_number: 3,
      run_attempt: 1,
      status: 'completed',
      conclusion: 'failure',
      event: 'push',
      head_branch: 'v1.0',
      head_sha: w().sha,
      path: '.github/workflows/ci.yml',
      html_url: `${w().emu.serverUrl}/octo/app/actions/runs/${r3.id}`,
      created_at: at(3).replace('.000Z', 'Z'),
    });
    const workflow = await json(await w().api('GET', `${R}/actions/workflows/${ci.id}`));
    expect(workflow).toMatchObject({ id: ci.id, name: 'CI', path: '.github/workflows/ci.yml', state: 'active' });
    expect((await w().api('GET', `${R}/actions/runs/999999`)).status).toBe(404);
  });

  test('jobs: filter=latest vs all after a re-run; per-attempt jobs; get job', async () => {
    const ci = w().repo.addWorkflow('.github/workflows/ci.yml');
    const run = w().repo.addRun({ workflowId: ci.id, headBranch: 'main', headSha: w().sha });
    const build = run.addJob({ name: 'build', runnerName: 'runner-1' });
    run.addJob({ name: 'publish', status: 'queued' });
    build.setSteps([
      { name: 'Set up job', status: 'completed' },
      { name: 'Run tests', status: 'completed', conclusion: 'failure' },
      { name: 'Post Run store', status: 'in_progress' },
    ]);
    build.update({ status: 'completed', conclusion: 'failure' });
    run.update({ status: 'completed', conclusion: 'failure' });

    run.rerun();
    expect(run.runAttempt).toBe(2);
    const rerun = await json(await w().api('GET', `${R}/actions/runs/${run.id}`));
    expect(rerun).toMatchObject({ run_attempt: 2, run_number: 1, status: 'in_progress', conclusion: null });

    const latest = await json(await w().api('GET', `${R}/actions/runs/${run.id}/jobs`));
    expect(latest.total_count).toBe(2);
    expect(latest.jobs.map((j: any) => [j.name, j.run_attempt, j.status])).toEqual([
      ['build', 2, 'queued'],
      ['publish', 2, 'queued'],
    ]);
    const all = await json(await w().api('GET', `${R}/actions/runs/${run.id}/jobs?filter=all`));
    expect(all.total_count).toBe(4);
    const first = await json(await w().api('GET', `${R}/actions/runs/${run.id}/attempts/1/jobs`));
    expect(first.jobs.map((j: any) => [j.id, j.conclusion, j.runner_name])).toEqual([
      [build.id, 'failure', 'runner-1'],
      [expect.any(Number), null, null],
    ]);
    expect((await w().api('GET', `${R}/actions/runs/${run.id}/attempts/3/jobs`)).status).toBe(404);

    const job = await json(await w().api('GET', `${R}/actions/jobs/${build.id}`));
    expect(job).toMatchObject({
      id: build.id,
      run_id: run.id,
      run_attempt: 1,
      status: 'completed',
      conclusion: 'failure',
      name: 'build',
      runner_name: 'runner-1',
      check_run_url: `${w().emu.url}${R}/check-runs/${build.id}`,
    });
    expect(job.completed_at).toEqual(expect.any(String));
    // Steps as GitHub lists them: numbered, finished ones concluded, the running one not yet.
    expect(job.steps.map((st: any) => [st.number, st.name, st.status, st.conclusion])).toEqual([
      [1, 'Set up job', 'completed', 'success'],
      [2, 'Run tests', 'completed', 'failure'],
      [3, 'Post Run store', 'in_progress', null],
    ]);
    expect(job.steps[2].started_at).toEqual(expect.any(String));
    expect(job.steps[2].completed_at).toBeNull();
    // A new attempt's copy of the job has run no step yet.
    expect(latest.jobs[0].steps).toEqual([]);
  });
});

describe('commit statuses', () => {
  test('create and list newest first; validation', async () => {
    const first = await w().api('POST', `${R}/statuses/${w().sha}`, undefined, {
      state: 'pending',
      context: 'ci-release',
      description: 'working',
    });
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({
      state: 'pending',
      context: 'ci-release',
      description: 'working',
      target_url: null,
    });
    await w().api('POST', `${R}/statuses/${w().sha}`, undefined, {
      state: 'success',
      context: 'ci-release',
      target_url: 'https://example.test/r',
    });
    const listed = await json<any[]>(await w().api('GET', `${R}/commits/main/statuses`));
    expect(listed.map((s) => s.state)).toEqual(['success', 'pending']);
    expect(w().repo.statuses(w().sha)).toHaveLength(2);

    expect((await w().api('POST', `${R}/statuses/${w().sha}`, undefined, { state: 'done' })).status).toBe(422);
    expect(
      (await w().api('POST', `${R}/statuses/${w().sha}`, undefined, { state: 'success', description: 'x'.repeat(141) }))
        .status,
    ).toBe(422);
    expect((await w().api('POST', `${R}/statuses/${'b'.repeat(40)}`, undefined, { state: 'success' })).status).toBe(
      422,
    );
    expect(w().repo.statuses(w().sha)).toHaveLength(2);
  });
});

describe('git refs', () => {
  test('create, match, update, delete; GitHub errors for absent and duplicate refs', async () => {
    const next = w().repo.addCommit();
    const created = await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-main-1', sha: w().sha });
    expect(created.status).toBe(201);
    expect(
      (await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-main-1', sha: w().sha })).status,
    ).toBe(422);
    await w().api('POST', `${R}/git/refs`, undefined, { ref: 'refs/tags/ci-main-2', sha: w().sha });
    const matching = await json<any[]>(await w().api('GET', `${R}/git/matching-refs/tags/ci-main-`));
    expect(matching.map((r) => r.ref)).toEqual(['refs/tags/ci-main-1', 'refs/tags/ci-main-2']);
    const moved = await json(
      await w().api('PATCH', `${R}/git/refs/tags/ci-main-2`, undefined, { sha: next, force: true }),
    );
    expect(moved.object.sha).toBe(next);
    expect((await w().api('DELETE', `${R}/git/refs/tags/ci-main-1`)).status).toBe(204);
    const again = await w().api('DELETE', `${R}/git/refs/tags/ci-main-1`);
    expect(again.status).toBe(422);
    expect((await json(again)).message).toBe('Reference does not exist');
    expect((await w().api('GET', `${R}/git/ref/tags/ci-main-1`)).status).toBe(404);
    expect((await json(await w().api('GET', `${R}/git/ref/heads/main`))).object.sha).toBe(w().sha);
  });
});
