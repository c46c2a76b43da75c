import { deviceUsername } from '../device-username';
import type { DeviceUserSummary } from '../device-users.repository';

/** A device user as an administrator sees it: never its password or hash. */
export class DeviceUserResponse {
  /** The device's id, exact (case-sensitive). */
  deviceId: string;
  /** The login name: `device_<deviceId>` (or `tenantId/device_<deviceId>`). */
  username: string;
  createdAt: Date;
  /** When its password last changed. */
  updatedAt: Date;

  static from({ deviceId, createdAt, updatedAt }: DeviceUserSummary): DeviceUserResponse {
    return Object.assign(new DeviceUserResponse(), {
      deviceId,
      username: deviceUsername(deviceId),
      createdAt,
      updatedAt,
    });
  }
}
