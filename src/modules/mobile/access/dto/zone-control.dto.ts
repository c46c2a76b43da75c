import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { ZONE_STATE_CODES, ZoneState } from '../zone-state';

/** The longest momentary unlock, in seconds: an hour. */
export const MAX_UNLOCK_SECONDS = 3600;

export class ZoneStateDto {
  /** The controlled area's id. @example "130000000001" */
  @IsString()
  @Length(1, 64)
  'zone-id': string;

  @ApiProperty({
    enum: ZONE_STATE_CODES,
    enumName: 'ZoneStateCode',
    description: '10 normal (follows schedules), 11 open, 12 secure, 13 lockdown.',
    example: 12,
  })
  @IsInt()
  @IsIn(ZONE_STATE_CODES)
  state: ZoneState;
}

export class UnlockZoneDto {
  /** The controlled area's id. @example "150000000003" */
  @IsString()
  @Length(1, 64)
  'zone-id': string;

  /** Seconds the area stays unlocked, 1 to 3600. @example 10 */
  @IsInt()
  @Min(1)
  @Max(MAX_UNLOCK_SECONDS)
  duration: number;
}

export class ZoneOperationResponse {
  /** @example "ok" */
  status: 'ok';

  @ApiProperty({ enum: ['Granted', 'Denied'], enumName: 'PrimisOperationResult' })
  result: 'Granted' | 'Denied';

  /** Why an unlock was denied (absent when granted). */
  info?: string;
}
