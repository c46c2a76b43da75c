import { fetchPage, linkHeader, paginate } from './pagination';

/** Parses `<url>; rel="x", ...` into {rel: url}. */
function links(header: string): Record<string, string> {
  return Object.fromEntries(
    header.split(', ').map((part) => {
      const match = /^<([^>]*)>; rel="([a-z]+)"$/.exec(part);
      if (!match) throw new Error(`malformed link: ${part}`);
      return [match[2], match[1]];
    }),
  );
}

describe('linkHeader', () => {
  it('gives only first on page 1 without more rows', () => {
    const header = linkHeader({ url: '/api/devices', page: 1, perPage: 20, hasNext: false });

    expect(header).toBe('</api/devices?page=1&per_page=20>; rel="first"');
  });

  it('adds next when more rows exist', () => {
    expect(links(linkHeader({ url: '/api/devices', page: 1, perPage: 20, hasNext: true }))).toEqual({
      first: '/api/devices?page=1&per_page=20',
      next: '/api/devices?page=2&per_page=20',
    });
  });

  it('adds prev after page 1, and no next on the last page', () => {
    expect(links(linkHeader({ url: '/api/devices?page=3', page: 3, perPage: 5, hasNext: false }))).toEqual({
      first: '/api/devices?page=1&per_page=5',
      prev: '/api/devices?page=2&per_page=5',
    });
  });

  it('keeps the other query parameters, replacing page and per_page', () => {
    const header = linkHeader({
      url: '/api/devices?status=pending&page=2&per_page=10&q=a%20b',
      page: 2,
      perPage: 10,
      hasNext: true,
    });

    expect(links(header)).toEqual({
      first: '/api/devices?status=pending&page=1&per_page=10&q=a+b',
      prev: '/api/devices?status=pending&page=1&per_page=10&q=a+b',
      next: '/api/devices?status=pending&page=3&per_page=10&q=a+b',
    });
  });

  it('keeps every other parameter when a query value contains another question mark', () => {
    const header = linkHeader({ url: '/d?q=what?&status=x&page=2', page: 2, perPage: 10, hasNext: true });

    expect(links(header)).toEqual({
      first: '/d?q=what%3F&status=x&page=1&per_page=10',
      prev: '/d?q=what%3F&status=x&page=1&per_page=10',
      next: '/d?q=what%3F&status=x&page=3&per_page=10',
    });
  });

  it('uses the parameter names it is given', () => {
    const header = linkHeader({
      url: '/x?pageSize=7',
      page: 2,
      perPage: 7,
      hasNext: false,
      pageParam: 'currentPage',
      perPageParam: 'pageSize',
    });

    expect(links(header).prev).toBe('/x?pageSize=7&currentPage=1');
  });
});

describe('fetchPage', () => {
  const rows = Array.from({ length: 12 }, (_, index) => index + 1);
  const calls: Array<[number, number]> = [];
  const fetch = async (skip: number, take: number) => {
    calls.push([skip, take]);
    return rows.slice(skip, skip + take);
  };

  beforeEach(() => {
    calls.length = 0;
  });

  it('asks for one row more than a page, skipping the previous pages', async () => {
    await fetchPage(3, 5, fetch);

    expect(calls).toEqual([[10, 6]]);
  });

  it('announces a next page when the extra row came back, without returning it', async () => {
    expect(await fetchPage(1, 5, fetch)).toEqual({ items: [1, 2, 3, 4, 5], hasNext: true });
  });

  it('announces no next page on a page that is exactly full at the end', async () => {
    expect(await fetchPage(2, 6, fetch)).toEqual({ items: [7, 8, 9, 10, 11, 12], hasNext: false });
  });

  it('returns the short last page', async () => {
    expect(await fetchPage(3, 5, fetch)).toEqual({ items: [11, 12], hasNext: false });
  });
});

describe('paginate', () => {
  it('returns the page rows and sets the link header on the reply', async () => {
    const headers: Array<[string, string]> = [];
    const reply = { header: (name: string, value: string) => headers.push([name, value]) };

    const items = await paginate(
      { request: { url: '/users?page=2&per_page=2' }, reply },
      { page: 2, perPage: 2 },
      async (skip, take) => ['a', 'b', 'c', 'd', 'e'].slice(skip, skip + take),
    );

    expect(items).toEqual(['c', 'd']);
    expect(headers).toHaveLength(1);
    expect(headers[0][0]).toBe('link');
    expect(links(headers[0][1])).toEqual({
      first: '/users?page=1&per_page=2',
      prev: '/users?page=1&per_page=2',
      next: '/users?page=3&per_page=2',
    });
  });
});
