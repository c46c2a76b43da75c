import { responseMediaType, wantsEmptyBody } from './cumulocity-media-type';

describe('Cumulocity media types', () => {
  it('answers the route type to a vendor Accept in any case, with or without ver', () => {
    const vendor = 'application/vnd.com.nsn.cumulocity.newDeviceRequest+json;charset=UTF-8;ver=0.9';
    expect(
      responseMediaType(
        'newDeviceRequest',
        'application/vnd.com.nsn.cumulocity.newDeviceRequest+json;ver=0.9',
      ),
    ).toBe(vendor);
    expect(
      responseMediaType('newDeviceRequest', 'APPLICATION/VND.COM.NSN.CUMULOCITY.NEWDEVICEREQUEST+JSON'),
    ).toBe(vendor);
  });

  it('answers plain JSON to anyone else', () => {
    expect(responseMediaType('newDeviceRequest', 'application/json')).toBe('application/json; charset=utf-8');
    expect(responseMediaType('newDeviceRequest', '*/*')).toBe('application/json; charset=utf-8');
    expect(responseMediaType('newDeviceRequest', undefined)).toBe('application/json; charset=utf-8');
  });

  it('empties the body of a POST or PUT without Accept, never of a GET', () => {
    expect(wantsEmptyBody('POST', undefined)).toBe(true);
    expect(wantsEmptyBody('PUT', ' ')).toBe(true);
    expect(wantsEmptyBody('POST', 'application/json')).toBe(false);
    expect(wantsEmptyBody('GET', undefined)).toBe(false);
  });
});
