/**
 * The one place API families are registered. To add a family (e.g. the Actions artifact service),
 * export a `Route[]` from a new module and append it here; order matters only where patterns overlap
 * (more specific first).
 */
import type { Route } from '../http.ts';
import { actionsRoutes } from './actions.ts';
import { assetRoutes } from './assets.ts';
import { commitRoutes } from './commits.ts';
import { gitRoutes } from './git.ts';
import { releaseRoutes } from './releases.ts';
import { repoRoutes } from './repos.ts';
import { statusRoutes } from './statuses.ts';
import { uploadRoutes } from './uploads.ts';

export const allRoutes: Route[] = [
  ...repoRoutes,
  ...releaseRoutes,
  ...assetRoutes,
  ...uploadRoutes,
  ...gitRoutes,
  ...actionsRoutes,
  ...statusRoutes,
  ...commitRoutes,
];
