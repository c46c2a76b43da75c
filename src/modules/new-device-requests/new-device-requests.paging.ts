import type { NewDeviceRequestsQuery } from './dto/new-device-requests-query.dto';
import type { PageStart } from './new-device-requests.repository';

/** Where the asked page starts: the link's cursor if it carries one, else the page number's offset. */
export function pageStart(query: NewDeviceRequestsQuery): PageStart {
  if (query.after !== undefined) return { after: query.after };
  if (query.before !== undefined) return { before: query.before };
  return { skip: (query.currentPage - 1) * query.pageSize };
}

/**
 * `prev` and `next` of a page: the URL asked for, every parameter kept, with the neighbouring page
 * number and a cursor at this page's edge, so following them is one index seek on any page.
 */
export function pageLinks(
  url: URL,
  query: NewDeviceRequestsQuery,
  edges: { first: number; last: number } | null,
  hasNext: boolean,
): { prev?: string; next?: string } {
  const link = (currentPage: number, cursor: 'after' | 'before', position: number) => {
    const target = new URL(url);
    target.searchParams.delete('after');
    target.searchParams.delete('before');
    target.searchParams.set('currentPage', String(currentPage));
    target.searchParams.set(cursor, String(position));
    return target.toString();
  };
  if (!edges) return {};
  return {
    ...(query.currentPage > 1 ? { prev: link(query.currentPage - 1, 'before', edges.first) } : {}),
    ...(hasNext ? { next: link(query.currentPage + 1, 'after', edges.last) } : {}),
  };
}
