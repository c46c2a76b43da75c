import { parseDeviceLogin } from './device-login';

describe('parseDeviceLogin', () => {
  it('reads device_<id> and tenantId/device_<id>', () => {
    expect(parseDeviceLogin('device_sensor-1')).toEqual({ deviceId: 'sensor-1' });
    expect(parseDeviceLogin('acme/device_sensor-1')).toEqual({ tenantId: 'acme', deviceId: 'sensor-1' });
    expect(parseDeviceLogin(' acme /device_x')).toEqual({ tenantId: 'acme', deviceId: 'x' });
  });

  it('keeps the id exactly: case, spaces, slashes, non-ASCII', () => {
    expect(parseDeviceLogin('device_Sensor-1')).toEqual({ deviceId: 'Sensor-1' });
    expect(parseDeviceLogin('device_ a ')).toEqual({ deviceId: ' a ' });
    expect(parseDeviceLogin('acme/device_a/b/ü')).toEqual({ tenantId: 'acme', deviceId: 'a/b/ü' });
    expect(parseDeviceLogin('device_a/b')).toEqual({ deviceId: 'a/b' });
  });

  it('never takes something that is not a tenant slug for a tenant prefix', () => {
    expect(parseDeviceLogin('device_a/device_b')).toEqual({ deviceId: 'a/device_b' });
    expect(parseDeviceLogin('Acme/device_x')).toBeUndefined();
    expect(parseDeviceLogin('ac_me/device_x')).toBeUndefined();
  });

  it('leaves human logins and other spellings of the prefix to the user path', () => {
    expect(parseDeviceLogin('bob@example.com')).toBeUndefined();
    expect(parseDeviceLogin('acme/bob@example.com')).toBeUndefined();
    expect(parseDeviceLogin('DEVICE_x')).toBeUndefined();
    expect(parseDeviceLogin('acme/Device_x')).toBeUndefined();
    expect(parseDeviceLogin('devicex')).toBeUndefined();
  });

  it('parses an empty id, which no device user has (ids are 1 to 1000 characters)', () => {
    expect(parseDeviceLogin('device_')).toEqual({ deviceId: '' });
  });
});
