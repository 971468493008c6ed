/** GitHub Actions REST API: workflows, workflow runs (filtered, paginated) and jobs per attempt. */
import type { Route, RouteContext } from '../http.ts';
import { notFound, numericParam, sendJson } from '../http.ts';
import { paginate } from '../pagination.ts';
import { jobJson, runJson, workflowJson } from '../shapes.ts';
import type { JobRecord, RunRecord, WorkflowRecord } from '../state.ts';

const READ = { scope: 'actions', level: 'read' } as const;

/** Documented: the `status` filter takes either a run status or a conclusion. */
const STATUS_VALUES = new Set(['requested', 'queued', 'pending', 'waiting', 'in_progress', 'completed']);

function findWorkflow(ctx: RouteContext): WorkflowRecord {
  const key = ctx.params.workflow_id ?? '';
  // A numeric id, or the workflow's file name ('ci.yml'), as GitHub accepts both.
  const workflow = /^\d+$/.test(key)
    ? ctx.repo.workflows.find((w) => w.id === Number(key))
    : ctx.repo.workflows.find((w) => w.path.split('/').pop() === key);
  if (!workflow) throw notFound();
  return workflow;
}

function findRun(ctx: RouteContext): RunRecord {
  const id = numericParam(ctx, 'run_id');
  const run = ctx.repo.runs.find((r) => r.id === id);
  if (!run) throw notFound();
  return run;
}

function filterRuns(ctx: RouteContext, runs: RunRecord[]): RunRecord[] {
  const { query } = ctx;
  const branch = query.get('branch');
  const event = query.get('event');
  const status = query.get('status');
  const headSha = query.get('head_sha');
  return runs
    .filter((run) => branch === null || run.headBranch === branch)
    .filter((run) => event === null || run.event === event)
    .filter((run) => headSha === null || run.headSha === headSha)
    .filter((run) => status === null || (STATUS_VALUES.has(status) ? run.status === status : run.conclusion === status))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

function sendRuns(ctx: RouteContext, runs: RunRecord[]): void {
  const page = paginate(ctx, filterRuns(ctx, runs));
  sendJson(ctx.res, 200, {
    total_count: page.total,
    workflow_runs: page.items.map((run) => runJson(ctx, ctx.repo, run)),
  });
}

function sendJobs(ctx: RouteContext, run: RunRecord, jobs: JobRecord[]): void {
  const page = paginate(ctx, jobs);
  sendJson(ctx.res, 200, { total_count: page.total, jobs: page.items.map((job) => jobJson(ctx, ctx.repo, run, job)) });
}

function listRepoRuns(ctx: RouteContext): void {
  sendRuns(ctx, ctx.repo.runs);
}

function listWorkflowRuns(ctx: RouteContext): void {
  const workflow = findWorkflow(ctx);
  sendRuns(
    ctx,
    ctx.repo.runs.filter((run) => run.workflowId === workflow.id),
  );
}

function getWorkflow(ctx: RouteContext): void {
  sendJson(ctx.res, 200, workflowJson(ctx, ctx.repo, findWorkflow(ctx)));
}

function listWorkflows(ctx: RouteContext): void {
  const page = paginate(ctx, ctx.repo.workflows);
  sendJson(ctx.res, 200, { total_count: page.total, workflows: page.items.map((w) => workflowJson(ctx, ctx.repo, w)) });
}

function getRun(ctx: RouteContext): void {
  sendJson(ctx.res, 200, runJson(ctx, ctx.repo, findRun(ctx)));
}

function getRunAttempt(ctx: RouteContext): void {
  const run = findRun(ctx);
  const attempt = numericParam(ctx, 'attempt');
  if (attempt < 1 || attempt > run.runAttempt) throw notFound();
  sendJson(ctx.res, 200, { ...runJson(ctx, ctx.repo, run), run_attempt: attempt });
}

/** `filter=latest` (default): jobs of the latest attempt; `all`: every attempt's jobs. */
function listRunJobs(ctx: RouteContext): void {
  const run = findRun(ctx);
  const filter = ctx.query.get('filter') ?? 'latest';
  const jobs = filter === 'all' ? run.jobs : run.jobs.filter((job) => job.runAttempt === run.runAttempt);
  sendJobs(ctx, run, jobs);
}

function listAttemptJobs(ctx: RouteContext): void {
  const run = findRun(ctx);
  const attempt = numericParam(ctx, 'attempt');
  if (attempt < 1 || attempt > run.runAttempt) throw notFound();
  sendJobs(
    ctx,
    run,
    run.jobs.filter((job) => job.runAttempt === attempt),
  );
}

function getJob(ctx: RouteContext): void {
  const id = numericParam(ctx, 'job_id');
  for (const run of ctx.repo.runs) {
    const job = run.jobs.find((j) => j.id === id);
    if (job) {
      sendJson(ctx.res, 200, jobJson(ctx, ctx.repo, run, job));
      return;
    }
  }
  throw notFound();
}

const base = '/repos/:owner/:repo/actions';

export const actionsRoutes: Route[] = [
  { method: 'GET', pattern: `${base}/runs`, permission: READ, handler: listRepoRuns },
  { method: 'GET', pattern: `${base}/runs/:run_id`, permission: READ, handler: getRun },
  { method: 'GET', pattern: `${base}/runs/:run_id/attempts/:attempt`, permission: READ, handler: getRunAttempt },
  { method: 'GET', pattern: `${base}/runs/:run_id/jobs`, permission: READ, handler: listRunJobs },
  { method: 'GET', pattern: `${base}/runs/:run_id/attempts/:attempt/jobs`, permission: READ, handler: listAttemptJobs },
  { method: 'GET', pattern: `${base}/jobs/:job_id`, permission: READ, handler: getJob },
  { method: 'GET', pattern: `${base}/workflows`, permission: READ, handler: listWorkflows },
  { method: 'GET', pattern: `${base}/workflows/:workflow_id`, permission: READ, handler: getWorkflow },
  { method: 'GET', pattern: `${base}/workflows/:workflow_id/runs`, permission: READ, handler: listWorkflowRuns },
];
