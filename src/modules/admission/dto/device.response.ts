import { ApiProperty } from '@nestjs/swagger';
import { readTimestamp } from '../../../core/database/lean-query';
import { ADMISSION_STATUSES, type AdmissionStatus } from '../admission-status';
import type { AuthSetRow } from '../auth-sets.repository';
import type { AuthSetEntity } from '../entities/auth-set.entity';

/** Device authentication data set descriptor. */
export class Device {
  /** Authentication data set identifier. @example 291ae0e5956c69c2267489213df4459d19ed48a806603def19d417d004a4b67e */
  id: string;
  /** System assigned device identifier. @example 58be8208dd77460001fe0d78 */
  device_id: string;
  /** Identity data, as submitted. @example {"mac":"00:01:02:03:04:05", "sku":"My Device 1", "sn":"SN1234567890"} */
  device_identity: string;
  /** Device public key. */
  key: string;
  @ApiProperty({ enum: ADMISSION_STATUSES, enumName: 'AdmissionStatus' })
  status: AdmissionStatus;
  /** Human readable attributes of the device (the identity, parsed). @example {"mac":"00:01:02:03:04:05","sku":"My Device 1","sn":"SN1234567890"} */
  attributes: Record<string, unknown>;
  /** Server-side timestamp of the request reception. */
  request_time: Date;

  static fromRow(row: AuthSetRow): Device {
    return Object.assign(new Device(), {
      id: row.id,
      device_id: row.device_id,
      device_identity: row.device_identity,
      key: row.pubkey,
      status: row.status,
      attributes: JSON.parse(row.attributes) as Record<string, unknown>,
      request_time: readTimestamp(row.request_time),
    });
  }

  static from(entity: AuthSetEntity): Device {
    return Device.fromRow({
      id: entity.id,
      device_id: entity.deviceId,
      device_identity: entity.deviceIdentity,
      pubkey: entity.pubkey,
      status: entity.status,
      attributes: entity.attributes,
      request_time: entity.requestTime,
    });
  }
}
