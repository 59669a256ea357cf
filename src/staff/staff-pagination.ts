import { PaginationQuery, type Page } from '../common/pagination/pagination.dto.js';

/** `?page=N` of a staff list as the API's pagination query (anything odd is page 1). */
export function pageQuery<Q extends PaginationQuery>(query: unknown, limit: number, into: Q): Q {
  const asked = Number((query as Record<string, unknown> | undefined)?.page);
  into.page = Number.isInteger(asked) && asked >= 1 && asked <= 100_000 ? asked : 1;
  into.limit = limit;
  return into;
}

/** Previous / next links of a list, keeping its other query parameters. */
export function pager(page: Page<unknown>, path: string, params: Record<string, string | undefined> = {}) {
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  const href = (n: number) => {
    const search = new URLSearchParams(Object.entries({ ...params, page: String(n) }).filter((e): e is [string, string] => !!e[1]));
    return `${path}?${search.toString()}`;
  };
  return {
    current: page.page,
    pages,
    total: page.total,
    previous: page.page > 1 ? href(page.page - 1) : null,
    next: page.page < pages ? href(page.page + 1) : null,
  };
}
