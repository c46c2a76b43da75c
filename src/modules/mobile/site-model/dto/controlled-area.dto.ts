import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ZONE_STATE_NAMES, zoneStateName } from '../../access/zone-state';
import type { BeaconEntity } from '../entities/beacon.entity';
import type { ControlledAreaEntity } from '../entities/controlled-area.entity';
import { GpsUnit } from '../gps-unit';
import { TEXT_ID, TEXT_ID_RULE } from '../record-ids';
import { PutSiteRecordDto } from './site-record.dto';

const STATE_NAMES = Object.values(ZONE_STATE_NAMES);
const ZONE_STATE_DOC = {
  enum: STATE_NAMES,
  enumName: 'ZoneStateName',
  description:
    'normal (10): follows its schedules; open (11): the relay is opened; secure (12): stays locked; LOCKDOWN (13): no access is allowed.',
};

export class AreaBeaconDto {
  /** The beacon's uniqueId (PUT it under beacons first). @example rLxR */
  @IsString()
  @Matches(TEXT_ID, { message: `uniqueId must be ${TEXT_ID_RULE}` })
  uniqueId: string;

  /** Optional; when given, must be the beacon's. */
  @IsOptional()
  @IsInt()
  major?: number;

  /** Optional; when given, must be the beacon's. */
  @IsOptional()
  @IsInt()
  minor?: number;
}

export class AreaGpsDto {
  /** @example 49.1885195 */
  @IsLatitude()
  latitude: number;

  /** @example -122.9922039 */
  @IsLongitude()
  longitude: number;

  /** In `unitType`, up to 5 km; access by GPS is denied farther away than this. @example 50 */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  radius: number;

  @ApiProperty({ enum: GpsUnit, enumName: 'GpsUnit' })
  @IsEnum(GpsUnit)
  unitType: GpsUnit;
}

export class GeoLocationDto {
  /** Whether the area takes access requests with geolocation data (then it needs a beacon or gps). */
  @IsBoolean()
  enabled: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => AreaBeaconDto)
  beacon?: AreaBeaconDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => AreaGpsDto)
  gps?: AreaGpsDto;
}

/** A controlled area; what is left out takes the default shown. */
export class PutControlledAreaDto extends PutSiteRecordDto {
  @ApiProperty({ ...ZONE_STATE_DOC, default: 'normal', required: false })
  @IsOptional()
  @IsIn(STATE_NAMES)
  state?: string = 'normal';

  /** `T`: a state change holds indefinitely (no activation times). */
  @ApiProperty({ enum: ['T', ''], default: '', required: false })
  @IsOptional()
  @IsIn(['T', ''])
  toggle?: string = '';

  /** Multi-factor settings: 0 = not multi factor. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(255)
  factor?: number = 0;

  /** Multi-factor authorization mode: 0 = single user. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(255)
  authorizationMode?: number = 0;

  /** Seconds allowed for multi-factor authorization (the spec's spelling). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  authorizationTimout?: number = 0;

  /** `` = in no zone group. */
  @IsOptional()
  @IsString()
  @Length(0, 64)
  zoneGroupId?: string = '';

  @IsOptional()
  @ValidateNested()
  @Type(() => GeoLocationDto)
  geoLocation?: GeoLocationDto = Object.assign(new GeoLocationDto(), { enabled: false });
}

export class AreaBeaconView {
  uniqueId: string;
  major: number;
  minor: number;
}

export class AreaGpsView {
  latitude: number;
  longitude: number;
  radius: number;
  @ApiProperty({ enum: GpsUnit, enumName: 'GpsUnit' })
  unitType: GpsUnit;
}

export class GeoLocationView {
  enabled: boolean;
  beacon?: AreaBeaconView;
  gps?: AreaGpsView;
}

/** A controlled area as the spec's bodies show it, with its momentary unlock and timestamps. */
export class ControlledAreaResponse {
  /** @example 110000000000 */
  id: string;
  name: string;
  description: string;
  siteId: string;
  @ApiProperty(ZONE_STATE_DOC)
  state: string;
  /** The state's number, as `POST /api/mobile/zone_state` takes it. @example 10 */
  stateCode: number;
  stateChangedAt: Date;
  /** Open by a momentary unlock until then; null when not unlocked. */
  unlockedUntil: Date | null;
  toggle: string;
  factor: number;
  authorizationMode: number;
  authorizationTimout: number;
  zoneGroupId: string;
  geoLocation: GeoLocationView;
  createdAt: Date;
  updatedAt: Date;

  static from(area: ControlledAreaEntity, beacon: BeaconEntity | null): ControlledAreaResponse {
    const { id, name, description, siteId, toggle, factor, authorizationMode, zoneGroupId } = area;
    return Object.assign(new ControlledAreaResponse(), {
      id,
      name,
      description,
      siteId,
      state: zoneStateName(area.state),
      stateCode: area.state,
      stateChangedAt: area.stateChangedAt,
      unlockedUntil: area.unlockedUntil,
      toggle,
      factor,
      authorizationMode,
      authorizationTimout: area.authorizationTimeout,
      zoneGroupId,
      geoLocation: geoLocationView(area, beacon),
      createdAt: area.createdAt,
      updatedAt: area.updatedAt,
    });
  }
}

function geoLocationView(area: ControlledAreaEntity, beacon: BeaconEntity | null): GeoLocationView {
  const view: GeoLocationView = { enabled: area.geoEnabled };
  if (beacon) view.beacon = { uniqueId: beacon.uniqueId, major: beacon.major, minor: beacon.minor };
  if (area.gpsLatitude !== null && area.gpsLongitude !== null && area.gpsRadius !== null && area.gpsUnitType)
    view.gps = {
      latitude: area.gpsLatitude,
      longitude: area.gpsLongitude,
      radius: area.gpsRadius,
      unitType: area.gpsUnitType,
    };
  return view;
}
