import { IsDateString, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BeaconIdentityDto } from '../../beacon-identity.dto';
import type { BeaconEntity } from '../entities/beacon.entity';
import { TEXT_ID, TEXT_ID_RULE } from '../record-ids';

/** Largest raw deviceData / statusData object, as JSON text. */
export const MAX_RAW_DATA_BYTES = 16_384;

export class PutBeaconDto extends BeaconIdentityDto {
  /** Advertising interval, in milliseconds. @example 350 */
  @IsInt()
  @Min(20)
  @Max(10240)
  advInterval: number;

  /** Average time between Beacon Health checks, in seconds. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  avgEventInterval?: number;

  /** Last scan by a Beacon Health enabled app or device. @example 2026-11-30T08:15:00.000Z */
  @IsOptional()
  @IsDateString({ strict: true })
  lastEventTimestamp?: string;

  /** Percent. @example 76 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  batteryLevel?: number;

  /** Unique id of the Cloud Beacon responsible for this one. */
  @IsOptional()
  @IsString()
  @Matches(TEXT_ID, { message: `master must be ${TEXT_ID_RULE}` })
  master?: string;

  /** Raw beacon device data, up to 16 KiB of JSON. */
  @IsOptional()
  @IsObject()
  deviceData?: Record<string, unknown>;

  /** Raw beacon status data, up to 16 KiB of JSON. */
  @IsOptional()
  @IsObject()
  statusData?: Record<string, unknown>;
}

/** A beacon with the spec's fields. */
export class BeaconResponse {
  /** @example rLxR */
  uniqueId: string;
  /** Lower case. @example f7826da6-4fa2-4e98-8024-bc5b71e0893e */
  uuid: string;
  major: number;
  minor: number;
  advInterval: number;
  avgEventInterval: number | null;
  lastEventTimestamp: Date | null;
  batteryLevel: number | null;
  master: string | null;
  updatedAt: Date;
  deviceData: Record<string, unknown> | null;
  statusData: Record<string, unknown> | null;

  static from(this: void, beacon: BeaconEntity): BeaconResponse {
    const { uniqueId, uuid, major, minor, advInterval, avgEventInterval, lastEventTimestamp } = beacon;
    return Object.assign(new BeaconResponse(), {
      uniqueId,
      uuid,
      major,
      minor,
      advInterval,
      avgEventInterval,
      lastEventTimestamp,
      batteryLevel: beacon.batteryLevel,
      master: beacon.master,
      updatedAt: beacon.updatedAt,
      deviceData: parsed(beacon.deviceData),
      statusData: parsed(beacon.statusData),
    });
  }
}

const parsed = (json: string | null) =>
  json === null ? null : (JSON.parse(json) as Record<string, unknown>);
