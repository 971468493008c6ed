/** Commit statuses: create one for a sha, list those of a ref (sha, branch or tag), newest first. */
import type { Route, RouteContext } from '../http.ts';
import { HttpError, notFound, optionalString, readJson, sendJson, validationFailed } from '../http.ts';
import { paginate } from '../pagination.ts';
import { statusJson } from '../shapes.ts';
import type { StatusRecord } from '../state.ts';
import { allocateId, nowIso, resolveCommitish } from '../state.ts';

const STATES = ['error', 'failure', 'pending', 'success'];
const MAX_DESCRIPTION = 140;

async function createStatus(ctx: RouteContext): Promise<void> {
  const sha = ctx.params.sha ?? '';
  const body = await readJson(ctx.req);
  const resolved = resolveCommitish(ctx.repo, sha);
  if (!resolved) throw new HttpError(422, `No commit found for SHA: ${sha}`);
  const state = optionalString(body, 'state', 'Status');
  if (state === undefined) throw validationFailed('Status', 'missing_field', 'state');
  if (!STATES.includes(state)) throw validationFailed('Status', 'invalid', 'state');
  const description = optionalString(body, 'description', 'Status');
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    throw validationFailed(
      'Status',
      'custom',
      'description',
      `description is too long (maximum is ${MAX_DESCRIPTION} characters)`,
    );
  }
  const record: StatusRecord = {
    id: allocateId(ctx.state),
    sha: resolved,
    state: state as StatusRecord['state'],
    targetUrl: optionalString(body, 'target_url', 'Status') ?? null,
    description: description ?? null,
    context: optionalString(body, 'context', 'Status') ?? 'default',
    createdAt: nowIso(),
  };
  ctx.repo.statuses.push(record);
  sendJson(ctx.res, 201, statusJson(ctx, ctx.repo, record));
}

function listStatuses(ctx: RouteContext): void {
  const sha = resolveCommitish(ctx.repo, ctx.params.ref ?? '');
  if (!sha) throw notFound();
  const statuses = ctx.repo.statuses.filter((s) => s.sha === sha).reverse();
  const page = paginate(ctx, statuses);
  sendJson(
    ctx.res,
    200,
    page.items.map((s) => statusJson(ctx, ctx.repo, s)),
  );
}

export const statusRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/:owner/:repo/statuses/:sha',
    permission: { scope: 'statuses', level: 'write' },
    handler: createStatus,
  },
  {
    method: 'GET',
    pattern: '/repos/:owner/:repo/commits/*ref/statuses',
    permission: { scope: 'statuses', level: 'read' },
    handler: listStatuses,
  },
];
