import { parseAuthorization } from './authorization-header';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseAuthorization', () => {
  it('reads Basic credentials, splitting at the first colon (a password may hold colons)', () => {
    expect(parseAuthorization(basic('a@b.test:pa:ss'))).toEqual({
      scheme: 'basic',
      username: 'a@b.test',
      password: 'pa:ss',
    });
    expect(parseAuthorization(`bAsIc   ${Buffer.from('u:p').toString('base64')}`)).toMatchObject({
      username: 'u',
      password: 'p',
    });
  });

  it('reads a Bearer token, the scheme in any case', () => {
    expect(parseAuthorization('Bearer abc.def.ghi')).toEqual({ scheme: 'bearer', token: 'abc.def.ghi' });
    expect(parseAuthorization('bearer abc')).toEqual({ scheme: 'bearer', token: 'abc' });
  });

  it('refuses what is neither: no header, no colon, other schemes, junk', () => {
    for (const header of [
      undefined,
      '',
      basic('no-colon'),
      'Digest x=1',
      'Basic',
      'Bearer',
      'Bearer a b',
      'Basic !!',
    ])
      expect(parseAuthorization(header)).toBeUndefined();
  });
});
