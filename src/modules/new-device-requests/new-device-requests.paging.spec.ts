import { plainToInstance } from 'class-transformer';
import { NewDeviceRequestsQuery } from './dto/new-device-requests-query.dto';
import { pageLinks, pageStart } from './new-device-requests.paging';

const query = (raw: Record<string, string>) => plainToInstance(NewDeviceRequestsQuery, raw);
const url = new URL(
  'http://gw.example/devicecontrol/newDeviceRequests?pageSize=2&withTotalPages=true&after=7&currentPage=3',
);

describe('new device request paging', () => {
  it('starts at the cursor a link carries, else at the page number offset', () => {
    expect(pageStart(query({ after: '7', currentPage: '3' }))).toEqual({ after: 7 });
    expect(pageStart(query({ before: '9', currentPage: '3' }))).toEqual({ before: 9 });
    expect(pageStart(query({ pageSize: '20', currentPage: '4' }))).toEqual({ skip: 60 });
    expect(pageStart(query({}))).toEqual({ skip: 0 });
  });

  it('links the neighbours with every other parameter kept and one cursor', () => {
    const links = pageLinks(
      url,
      query({ pageSize: '2', currentPage: '3', after: '7' }),
      { first: 8, last: 9 },
      true,
    );
    expect(links).toEqual({
      prev: 'http://gw.example/devicecontrol/newDeviceRequests?pageSize=2&withTotalPages=true&currentPage=2&before=8',
      next: 'http://gw.example/devicecontrol/newDeviceRequests?pageSize=2&withTotalPages=true&currentPage=4&after=9',
    });
  });

  it('has no prev on page 1, no next on the last page, nothing on an empty page', () => {
    expect(pageLinks(url, query({ currentPage: '1' }), { first: 1, last: 2 }, false)).toEqual({});
    expect(pageLinks(url, query({ currentPage: '5' }), null, false)).toEqual({});
  });
});
