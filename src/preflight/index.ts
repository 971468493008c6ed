/**
 * preflight(settings, deps): one call at the top of each mode, before its first write. Plans what
 * this run needs from each token (planning/permissions.ts) and checks it (check.ts). A no-op when
 * `deps.access` is absent (unit tests with fakes).
 */
import type { Deps } from '../deps.ts';
import type { Settings } from '../settings.ts';
import { resolveBackend } from '../store/index.ts';
import { planPermissions, type Need } from '../planning/permissions.ts';
import { checkAccess, type Phase } from './check.ts';

export { PermissionError } from './check.ts';

const fullName = (r: { owner: string; repo: string }): string => `${r.owner}/${r.repo}`;

export function needsOf(settings: Settings, deps: Pick<Deps, 'context'>): Need[] {
  const { context } = deps;
  const base = {
    mode: settings.mode,
    source: fullName(context.repository),
    target: fullName(settings.repository),
    separateReleaseToken: settings.releaseToken !== settings.token,
    jobIdFromApi: settings.jobId === undefined,
  };
  switch (settings.mode) {
    case 'publish':
      return planPermissions({ ...base, commitStatus: settings.commitStatus, dryRun: settings.dryRun });
    case 'cleanup':
      return planPermissions({ ...base, storeBackend: resolveBackend(settings.backend, context.serverUrl), cleanupWhat: settings.what, ifRunFailing: settings.ifRunFailing });
    default:
      return planPermissions({ ...base, storeBackend: resolveBackend(settings.backend, context.serverUrl) });
  }
}

export async function preflight(settings: Settings, deps: Deps, phase: Phase = 'all'): Promise<void> {
  if (!deps.access) return;
  const needs = needsOf(settings, deps);
  if (needs.length === 0) return;
  const { context } = deps;
  await checkAccess(needs, deps.access, { source: fullName(context.repository), runId: context.runId, sha: context.sha }, deps.log, phase);
}
