/**
 * Route table matching. Every API family exports a `Route[]`; `routes/index.ts` registers them in one
 * list so new families (e.g. the Actions artifact service) only add a module and one line there.
 */
import type { Route } from './http.ts';

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      if (segment.startsWith('*')) {
        names.push(segment.slice(1));
        return '(.+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}$`), names };
}

export class Router {
  private compiled: CompiledRoute[] = [];

  constructor(routes: Route[]) {
    this.compiled = routes.map(compile);
  }

  /** Finds the first route whose method and pattern match; HEAD is served by GET routes. */
  match(method: string, path: string): RouteMatch | undefined {
    for (const { route, regex, names } of this.compiled) {
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      const found = regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      let malformed = false;
      names.forEach((name, index) => {
        try {
          params[name] = decodeURIComponent(found[index + 1] ?? '');
        } catch {
          malformed = true;
        }
      });
      if (malformed) continue;
      return { route, params };
    }
    return undefined;
  }
}
