import { ApiProperty } from '@nestjs/swagger';
import type { GeoLocationView } from '../../site-model/dto/controlled-area.dto';
import type { SchedulePeriodView } from '../../site-model/dto/schedule.dto';
import { ZONE_STATE_NAMES } from '../zone-state';

/** A controlled area as the Primis mobile bodies show it. */
export class MobileControlledAreaResponse {
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

  @ApiProperty({ enum: Object.values(ZONE_STATE_NAMES), enumName: 'ZoneStateName' })
  state: string;

  /** "" = in no zone group. */
  zoneGroupId: string;

  siteId: string;

  geoLocation: GeoLocationView;
}

/** An access group as the Primis mobile bodies show it (`site_id`). */
export class MobileAccessGroupResponse {
  /** @example 3 */
  id: number;

  /** @example "Staff" */
  name: string;

  description: string;

  /** @example "1" */
  site_id: string;
}

/** A schedule as the Primis mobile bodies show it; its periods as the management API shows them. */
export class MobileScheduleResponse {
  /** @example "1" */
  id: string;

  name: string;

  description: string;

  siteId: string;

  /** True when an access group uses the schedule. */
  usedByAccessGroup: boolean;

  periods: SchedulePeriodView[];
}

export class BeaconStatusResponse {
  /** @example "ok" */
  status: 'ok';

  /** Always empty. */
  primisResult: Record<string, never>;
}
