/**
 * The public REST endpoints for artifacts (`actions: read` to list/get/download, `actions: write` to
 * delete), as route-table entries for the emulator's router. They share the records the Twirp service
 * writes, so an artifact uploaded by `@actions/artifact` is listed here and vice versa.
 */
import type { Route, RouteContext } from '../http.ts';
import { HttpError, notFound, numericParam, sendJson, sendNoContent } from '../http.ts';
import { paginate } from '../pagination.ts';
import type { ArtifactRecord, ArtifactRecords } from './records.ts';

const READ = { scope: 'actions', level: 'read' } as const;
const WRITE = { scope: 'actions', level: 'write' } as const;

function ofRepo(ctx: RouteContext, records: ArtifactRecords): ArtifactRecord[] {
  const owner = ctx.repo.owner.toLowerCase();
  const repo = ctx.repo.name.toLowerCase();
  return records.all().filter((a) => a.finalized && a.owner.toLowerCase() === owner && a.repo.toLowerCase() === repo);
}

function artifactJson(ctx: RouteContext, a: ArtifactRecord): Record<string, unknown> {
  const base = `${ctx.apiUrl}/repos/${encodeURIComponent(ctx.repo.owner)}/${encodeURIComponent(ctx.repo.name)}/actions/artifacts/${a.id}`;
  const run = ctx.repo.runs.find((r) => r.id === a.runId);
  return {
    id: a.id,
    node_id: Buffer.from(`Artifact:${a.id}`).toString('base64url'),
    name: a.name,
    size_in_bytes: a.size,
    url: base,
    archive_download_url: `${base}/zip`,
    expired: Date.parse(a.expiresAt) < Date.now(),
    digest: a.digest,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    expires_at: a.expiresAt,
    workflow_run: {
      id: a.runId,
      repository_id: ctx.repo.id,
      head_repository_id: ctx.repo.id,
      head_branch: run?.headBranch ?? null,
      head_sha: run?.headSha ?? null,
    },
  };
}

function sendList(ctx: RouteContext, artifacts: ArtifactRecord[]): void {
  const name = ctx.query.get('name');
  // Newest first, as GitHub lists them.
  const filtered = artifacts.filter((a) => name === null || a.name === name).sort((a, b) => b.id - a.id);
  const page = paginate(ctx, filtered);
  sendJson(ctx.res, 200, { total_count: page.total, artifacts: page.items.map((a) => artifactJson(ctx, a)) });
}

function find(ctx: RouteContext, records: ArtifactRecords): ArtifactRecord {
  const id = numericParam(ctx, 'artifact_id');
  const record = ofRepo(ctx, records).find((a) => a.id === id);
  if (!record) throw notFound();
  return record;
}

/** The REST routes; `signedUrl` makes the blob URL a download redirects to. */
export function artifactRoutes(records: ArtifactRecords, signedUrl: (record: ArtifactRecord) => string): Route[] {
  const base = '/repos/:owner/:repo/actions';
  return [
    {
      method: 'GET',
      pattern: `${base}/runs/:run_id/artifacts`,
      permission: READ,
      handler: (ctx) => {
        const runId = numericParam(ctx, 'run_id');
        sendList(
          ctx,
          ofRepo(ctx, records).filter((a) => a.runId === runId),
        );
      },
    },
    {
      method: 'GET',
      pattern: `${base}/artifacts`,
      permission: READ,
      handler: (ctx) => sendList(ctx, ofRepo(ctx, records)),
    },
    {
      method: 'GET',
      pattern: `${base}/artifacts/:artifact_id`,
      permission: READ,
      handler: (ctx) => sendJson(ctx.res, 200, artifactJson(ctx, find(ctx, records))),
    },
    {
      method: 'DELETE',
      pattern: `${base}/artifacts/:artifact_id`,
      permission: WRITE,
      handler: async (ctx) => {
        await records.remove(find(ctx, records));
        sendNoContent(ctx.res);
      },
    },
    {
      method: 'GET',
      pattern: `${base}/artifacts/:artifact_id/:archive_format`,
      permission: READ,
      handler: (ctx) => {
        const record = find(ctx, records);
        if (ctx.params.archive_format !== 'zip') throw new HttpError(404, 'Not Found');
        ctx.res.writeHead(302, { location: signedUrl(record), 'content-length': '0' });
        ctx.res.end();
      },
    },
  ];
}
