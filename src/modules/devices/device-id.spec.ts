import { deviceIdFor } from './device-id';

describe('deviceIdFor', () => {
  it('derives the same version-5 UUID from the same (SerialNumber, Manufacturer)', () => {
    const id = deviceIdFor({ SerialNumber: '1234', Manufacturer: 'genetec' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deviceIdFor({ SerialNumber: '1234', Manufacturer: 'genetec' })).toBe(id);
  });

  it('compares exactly and cannot be confused by moving text between the fields', () => {
    const ids = [
      deviceIdFor({ SerialNumber: '1234', Manufacturer: 'genetec' }),
      deviceIdFor({ SerialNumber: '1234', Manufacturer: 'Genetec' }),
      deviceIdFor({ SerialNumber: '1234 ', Manufacturer: 'genetec' }),
      deviceIdFor({ SerialNumber: '12', Manufacturer: '34genetec' }),
      deviceIdFor({ SerialNumber: '123', Manufacturer: '4genetec' }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
