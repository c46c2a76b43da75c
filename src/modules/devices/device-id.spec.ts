import { deviceIdFor } from './device-id';

describe('deviceIdFor', () => {
  it('derives the same version-5 UUID from the same (SerialNumber, Manufacturer)', () => {
    const id = deviceIdFor('1234', 'genetec');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deviceIdFor('1234', 'genetec')).toBe(id);
  });

  it('compares exactly and cannot be confused by moving text between the fields', () => {
    const ids = [
      deviceIdFor('1234', 'genetec'),
      deviceIdFor('1234', 'Genetec'),
      deviceIdFor('1234 ', 'genetec'),
      deviceIdFor('12', '34genetec'),
      deviceIdFor('123', '4genetec'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
