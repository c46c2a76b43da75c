import { forbiddenReason } from './access-decision';
import { Principal } from './principal';
import { Role } from './role.enum';

describe('forbiddenReason (the guard decision after authentication)', () => {
  const reader = new Principal('u1', 'acme', 'r@acme.test', [Role.ROLE_DEVICE_CONTROL_READ]);
  const operator = new Principal('u2', 'management', 'o@acme.test', [Role.SYSTEM_ADMIN]);
  const device = Principal.device('d1', 'acme', 'Sensor/1');

  it('describes a device principal: no roles, its login name, its exact id', () => {
    expect(device.kind).toBe('device');
    expect(device.deviceId).toBe('Sensor/1');
    expect(device.email).toBe('device_Sensor/1');
    expect(device.roles.size).toBe(0);
    expect(reader.kind).toBe('user');
    expect(reader.deviceId).toBeNull();
  });

  it("admits a device only where the route admits its device ('self'), whatever the roles", () => {
    expect(forbiddenReason(device, [Role.ROLE_DEVICE_CONTROL_READ], 'self')).toBeNull();
    expect(forbiddenReason(device, [], 'self')).toBeNull();
    expect(forbiddenReason(device, [Role.ROLE_DEVICE_CONTROL_READ], null)).toBe(
      'a device user may only reach its own device',
    );
    expect(forbiddenReason(device, [], undefined)).toBe('a device user may only reach its own device');
  });

  it('lets a device handler tell its own device from another (exactly), and users through', () => {
    expect(device.mayAccessDevice('Sensor/1')).toBe(true);
    expect(device.mayAccessDevice('sensor/1')).toBe(false);
    expect(device.mayAccessDevice('Sensor/1 ')).toBe(false);
    expect(reader.mayAccessDevice('Sensor/1')).toBe(true);
  });

  it('decides users by roles alone, device routes included', () => {
    expect(forbiddenReason(reader, [Role.ROLE_DEVICE_CONTROL_READ], 'self')).toBeNull();
    expect(forbiddenReason(reader, [Role.ROLE_DEVICE_CONTROL_ADMIN], 'self')).toBe(
      'requires one of the roles: ROLE_DEVICE_CONTROL_ADMIN',
    );
    expect(forbiddenReason(reader, [], null)).toBeNull();
    expect(forbiddenReason(operator, [Role.TENANT_ADMIN], null)).toBeNull();
  });
});
