/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (1-based), with a
 * `Link` header carrying rel="next", "last", "first" and "prev" as github.com does.
 */
import type { RouteContext } from './http.ts';

export interface Page<T> {
  items: T[];
  total: number;
}

export function paginate<T>(ctx: RouteContext, all: T[]): Page<T> {
  const perPageRaw = Number(ctx.query.get('per_page') ?? '30');
  const pageRaw = Number(ctx.query.get('page') ?? '1');
  const perPage = Number.isInteger(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 30;
  const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);

  const links: string[] = [];
  const linkTo = (target: number, rel: string): void => {
    const url = new URL(ctx.req.url ?? '/', ctx.apiUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(target));
    links.push(`<${ctx.apiUrl}${url.pathname}${url.search}>; rel="${rel}"`);
  };
  if (page > 1) {
    linkTo(Math.min(page - 1, lastPage), 'prev');
  }
  if (page < lastPage) {
    linkTo(page + 1, 'next');
    linkTo(lastPage, 'last');
  }
  if (page > 1) linkTo(1, 'first');
  if (links.length > 0) ctx.res.setHeader('link', links.join(', '));
  return { items, total: all.length };
}
