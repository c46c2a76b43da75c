import { normalizeMac } from './mac-address';

describe('normalizeMac', () => {
  it('accepts the phone type format only, and stores 12 upper-case hex digits', () => {
    expect(normalizeMac('221100ccbbaa', 'HEX')).toBe('221100CCBBAA');
    expect(normalizeMac('22:11:00:CC:BB:AA', 'HEX')).toBeNull();
    expect(normalizeMac('22:11:00:cc:bb:aa', 'COLON')).toBe('221100CCBBAA');
    expect(normalizeMac('221100CCBBAA', 'COLON')).toBeNull();
    expect(normalizeMac('22-11-00-CC-BB-AA', 'ANY')).toBe('221100CCBBAA');
    expect(normalizeMac('22:11-00:CC:BB:AA', 'ANY')).toBeNull();
    expect(normalizeMac('221100CCBBAG', 'ANY')).toBeNull();
    expect(normalizeMac('221100CCBBAA0', 'ANY')).toBeNull();
  });
});
