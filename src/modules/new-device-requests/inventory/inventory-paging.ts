import type { FastifyRequest } from 'fastify';
import { CumulocityErrorCode, CumulocityException } from '../cumulocity.exception';
import { originOf } from '../new-device-request.representation';

/** Cumulocity's paging: `pageSize` 1..2000 (5 by default), `currentPage` from 1, totals on request. */
export interface PageQuery {
  pageSize: number;
  currentPage: number;
  withTotalPages: boolean;
  withTotalElements: boolean;
  /** The last id of the previous page, from a `next` link: the page starts with an index seek. */
  after?: string;
}

export const MAX_PAGE_SIZE = 2000;
/** Beyond this an offset would walk too much of the index; Cumulocity clients page far less deep. */
const MAX_PAGE = 1_000_000;

export function readPageQuery(query: Record<string, unknown>): PageQuery {
  return {
    pageSize: integer(query, 'pageSize', 5, 1, MAX_PAGE_SIZE),
    currentPage: integer(query, 'currentPage', 1, 1, MAX_PAGE),
    withTotalPages: query.withTotalPages === 'true',
    withTotalElements: query.withTotalElements === 'true',
    ...(typeof query.after === 'string' && /^\d{1,32}$/.test(query.after) ? { after: query.after } : {}),
  };
}

function integer(
  query: Record<string, unknown>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new CumulocityException(
      CumulocityErrorCode.INVALID_DATA,
      `${name} must be an integer from ${min} to ${max}`,
    );
  return value;
}

/** The absolute URL of this request's path with the query changed (self, prev, next keep the rest). */
export function absoluteUrl(
  request: FastifyRequest,
  path: string,
  query: Record<string, string> = {},
): string {
  const search = new URLSearchParams(query).toString();
  return `${originOf(request)}${path}${search ? `?${search}` : ''}`;
}

/**
 * self, prev and next of a page, keeping every other query parameter. `next` carries the page's last
 * id, so following it is an index seek however deep the page.
 */
export function pageLinks(
  request: FastifyRequest,
  page: PageQuery,
  lastId: string | undefined,
  hasNext: boolean,
): { self: string; prev?: string; next?: string } {
  const [path, search] = request.url.split('?');
  const asked = Object.fromEntries(new URLSearchParams(search ?? ''));
  const { after: _after, ...query } = asked;
  const at = (currentPage: number, after?: string) =>
    absoluteUrl(request, path, { ...query, currentPage: String(currentPage), ...(after ? { after } : {}) });
  return {
    self: absoluteUrl(request, path, asked),
    ...(page.currentPage > 1 ? { prev: at(page.currentPage - 1) } : {}),
    ...(hasNext && lastId ? { next: at(page.currentPage + 1, lastId) } : {}),
  };
}
