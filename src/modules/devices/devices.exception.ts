import { AppException } from '../../core/http/app.exception';

/** Error codes of the Genetec Clearance API (rendered as problem+json, as ASP.NET services do). */
export enum DevicesErrorCode {
  DEVICE_NOT_FOUND = 'device_not_found',
  DEVICE_EXISTS = 'device_exists',
  ACTIVE_DEVICE_LIMIT_REACHED = 'active_device_limit_reached',
}

export class DevicesException extends AppException {
  constructor(status: number, code: DevicesErrorCode, message: string, headers: Record<string, string> = {}) {
    super(status, code, message, [], headers);
  }

  static deviceNotFound(deviceId: string): DevicesException {
    return new DevicesException(404, DevicesErrorCode.DEVICE_NOT_FOUND, `device ${deviceId} not found`);
  }
}
