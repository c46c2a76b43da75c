import type { DeviceEntity } from '../entities/device.entity';
import type { DeviceIdentification } from './device-identification.dto';

export class DeviceResponse {
  /** Derived from (SerialNumber, Manufacturer). @example 0f8d6a52-3b1e-5c4f-9a7d-2e6b1c0d9f34 */
  Id: string;
  DeviceIdentification: DeviceIdentification;
  /** @example BodyWornCamera */
  DeviceType: string;
  /** Whether the device counts against the tenant's active device limit. */
  Active: boolean;
  CreatedAt: Date;
  UpdatedAt: Date;

  static from(device: DeviceEntity): DeviceResponse {
    return Object.assign(new DeviceResponse(), {
      Id: device.id,
      DeviceIdentification: {
        SerialNumber: device.serialNumber,
        Manufacturer: device.manufacturer,
        Model: device.model ?? undefined,
        CommonName: device.commonName ?? undefined,
      },
      DeviceType: device.deviceType,
      Active: device.active,
      CreatedAt: device.createdAt,
      UpdatedAt: device.updatedAt,
    });
  }
}
