/**
 * preflight(settings, deps): one call at the top of each mode, before its first write. Plans what
 * this run needs from each token (planning/permissions.ts) and checks it (check.ts). A no-op when
 * `deps.access` is absent (unit tests with fakes). Write permissions: {@link asPermissionRefusal}.
 */
import type { Deps } from '../ports.ts';
import type { Settings } from '../settings.ts';
import { resolveBackend } from '../store/index.ts';
import { planPermissions, type Need, type Scope } from '../planning/permissions.ts';
import { checkAccess, refusedWrite } from './check.ts';

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
      return planPermissions({
        ...base,
        storeBackend: resolveBackend(settings.backend, context.serverUrl),
        cleanupWhat: settings.what,
        ifRunFailing: settings.ifRunFailing,
      });
    default:
      return planPermissions({ ...base, storeBackend: resolveBackend(settings.backend, context.serverUrl) });
  }
}

function factsOf(deps: Pick<Deps, 'context'>) {
  const { context } = deps;
  return { source: fullName(context.repository), runId: context.runId, sha: context.sha };
}

/** Reads by reading: visibility, and every read permission (with the read half of writes). */
export async function preflight(settings: Settings, deps: Deps): Promise<void> {
  if (!deps.access) return;
  const needs = needsOf(settings, deps);
  if (needs.length === 0) return;
  await checkAccess(needs, deps.access, factsOf(deps), deps.log);
}

/**
 * A write permission is shown by the first write of its kind: its refusal (401/403/404) becomes
 * the preflight's message naming token, permission and repository; other errors stay as they are.
 */
export function asPermissionRefusal(
  settings: Settings,
  deps: Pick<Deps, 'context'>,
  scope: Scope,
  error: unknown,
): unknown {
  const needs = needsOf(settings, deps);
  const need = needs.find((n) => n.scope === scope && n.level === 'write');
  return (need && refusedWrite(need, error, needs, factsOf(deps))) ?? error;
}
