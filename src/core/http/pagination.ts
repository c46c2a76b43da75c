export interface Page<T> {
  items: T[];
  hasNext: boolean;
}

/** Fetches one row more than a page so `next` is announced only when another row exists. */
export async function fetchPage<T>(
  page: number,
  perPage: number,
  fetch: (skip: number, take: number) => Promise<T[]>,
): Promise<Page<T>> {
  const rows = await fetch((page - 1) * perPage, perPage + 1);
  return { items: rows.slice(0, perPage), hasNext: rows.length > perPage };
}

export interface LinkOptions {
  /** The request URL (path and query); other query parameters are kept in every link. */
  url: string;
  page: number;
  perPage: number;
  hasNext: boolean;
  pageParam?: string;
  perPageParam?: string;
}

/** RFC 8288 `Link` with relative links: `first` always, `prev` when page > 1, `next` when more rows exist. */
export function linkHeader({
  url,
  page,
  perPage,
  hasNext,
  pageParam = 'page',
  perPageParam = 'per_page',
}: LinkOptions): string {
  const mark = url.indexOf('?');
  const [path, search] = mark < 0 ? [url, ''] : [url.slice(0, mark), url.slice(mark + 1)];
  const link = (target: number, rel: string) => {
    const params = new URLSearchParams(search);
    params.set(pageParam, String(target));
    params.set(perPageParam, String(perPage));
    return `<${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (hasNext) links.push(link(page + 1, 'next'));
  return links.join(', ');
}

interface Exchange {
  request: { url: string };
  reply: { header(name: string, value: string): unknown };
}

/** Fetches one page for a list route and sets its `Link` header; returns the page's rows. */
export async function paginate<T>(
  { request, reply }: Exchange,
  query: { page: number; perPage: number },
  fetch: (skip: number, take: number) => Promise<T[]>,
): Promise<T[]> {
  const { items, hasNext } = await fetchPage(query.page, query.perPage, fetch);
  reply.header('link', linkHeader({ url: request.url, page: query.page, perPage: query.perPage, hasNext }));
  return items;
}
