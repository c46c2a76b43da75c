import { ApiProperty } from '@nestjs/swagger';

export class BeaconResponse {
  /** @example "rLxR" */
  uniqueId: string;

  major: number;

  minor: number;

  /** @example "f7826da6-4fa2-4e98-8024-bc5b71e0893e" */
  uuid: string;

  /** Advertising interval, ms. */
  advInterval: number;

  /** Average time between Beacon Health checks. */
  avgEventInterval: number | null;

  /** The last scan by a Beacon Health enabled app or device (a beacon status call). */
  lastEventTimestamp: Date | null;

  /** Percent. */
  batteryLevel: number | null;

  /** Unique id of the Cloud Beacon responsible for this one. */
  master: string | null;

  updatedAt: Date;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  deviceData: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  statusData: Record<string, unknown> | null;
}

export class AreaBeaconResponse {
  uniqueId: string;
  major: number;
  minor: number;
}

export class AreaGpsResponse {
  latitude: number;
  longitude: number;
  /** meters, kilometers, feet or miles. */
  unitType: string;
  radius: number;
}

export class AreaGeoLocationResponse {
  enabled: boolean;
  beacon?: AreaBeaconResponse;
  gps?: AreaGpsResponse;
}

export class ControlledAreaResponse {
  /** @example "110000000001" */
  id: string;

  name: string;

  description: string;

  /** `T`: a state change holds indefinitely; `` otherwise. */
  toggle: string;

  /** 0 = not multi factor. */
  factor: number;

  /** Seconds (the spec's spelling). */
  authorizationTimout: number;

  /** 0 = single user. */
  authorizationMode: number;

  /** Deprecated: always "". */
  guardGroup: string;

  @ApiProperty({ enum: ['normal', 'open', 'secure', 'LOCKDOWN'], enumName: 'ZoneStateName' })
  state: string;

  /** "" = in no zone group. */
  zoneGroupId: string;

  siteId: string;

  geoLocation: AreaGeoLocationResponse;
}

export class AccessGroupResponse {
  /** @example 3 */
  id: number;

  /** @example "Staff" */
  name: string;

  description: string;

  /** @example "1" */
  site_id: string;
}

export class SchedulePeriodResponse {
  /** @example "17" */
  id: string;

  /** 2 = weekly; 0x40 with holiday type bits 0x00100..0x80000 = on those holidays. */
  frequency: number;

  /** Holiday type bits on which a weekly period does not run. */
  exceptions: number;

  /** Sunday 0x01, Monday 0x02 ... Saturday 0x40. */
  days: number;

  /** From when the period is in effect (site wall clock); `1900-01-01 00:00:00.0` when unbounded. @example "1900-01-01 00:00:00.0" */
  on_time: string;

  /** Until when the period is in effect; `1900-01-01 00:00:00.0` when unbounded. @example "1900-01-01 00:00:00.0" */
  off_time: string;

  /** Daily window start, minutes after local midnight (this service's addition). @example 480 */
  start_minute: number;

  /** Daily window end, minutes after local midnight; at or before the start it runs past midnight. @example 1020 */
  end_minute: number;

  /** Deprecated: always 1. */
  enabled: number;
}

export class ScheduleResponse {
  /** @example "1" */
  id: string;

  name: string;

  description: string;

  siteId: string;

  /** True when an access group uses the schedule. */
  usedByAccessGroup: boolean;

  periods: SchedulePeriodResponse[];
}

export class BeaconStatusResponse {
  /** @example "ok" */
  status: 'ok';

  /** Always empty. */
  primisResult: Record<string, never>;
}
