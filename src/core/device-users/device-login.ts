import { TENANT_ID_PATTERN } from '../tenancy/dto/create-tenant.dto';
import { DEVICE_USERNAME_PREFIX } from './device-username';

export interface DeviceLogin {
  tenantId?: string;
  deviceId: string;
}

/**
 * `tenantId/device_<id>` or `device_<id>` names a device user; anything else is not a device login.
 * The id is taken exactly as sent: not trimmed, not lower-cased, and it may hold slashes. A tenant
 * slug has no underscore, so `device_a/device_b` is the device `a/device_b`, never a tenant prefix.
 */
export function parseDeviceLogin(username: string): DeviceLogin | undefined {
  const slash = username.indexOf('/');
  const tenantId = slash < 0 ? undefined : username.slice(0, slash).trim();
  if (tenantId !== undefined && TENANT_ID_PATTERN.test(tenantId)) {
    const name = username.slice(slash + 1);
    if (name.startsWith(DEVICE_USERNAME_PREFIX)) return deviceLogin(name, tenantId);
  }
  return username.startsWith(DEVICE_USERNAME_PREFIX) ? deviceLogin(username) : undefined;
}

function deviceLogin(name: string, tenantId?: string): DeviceLogin {
  const deviceId = name.slice(DEVICE_USERNAME_PREFIX.length);
  return tenantId === undefined ? { deviceId } : { tenantId, deviceId };
}
