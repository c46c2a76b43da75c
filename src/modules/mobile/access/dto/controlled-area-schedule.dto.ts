import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SCHEDULE_ACTIONS, ScheduleAction } from '../schedule-action';

const ACTION = {
  enum: SCHEDULE_ACTIONS,
  enumName: 'ScheduleActionCode',
  description: '0 none, 1 open, 2 secure.',
  example: ScheduleAction.OPEN,
};

export class AreaScheduleZoneDto {
  /** @example "130000000001" */
  @IsString()
  @Length(1, 64)
  controlled_area_id: string;

  @ApiProperty(ACTION)
  @IsInt()
  @IsIn(SCHEDULE_ACTIONS)
  on_action: number;

  @ApiProperty({ ...ACTION, example: ScheduleAction.SECURE })
  @IsInt()
  @IsIn(SCHEDULE_ACTIONS)
  off_action: number;

  /** Defaults to the request's `description`. @example "Lobby opens in office hours" */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class CreateAreaScheduleDto {
  /** The schedule (its id in the site model). @example 2 */
  @IsInt()
  @Min(0)
  id: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AreaScheduleZoneDto)
  zones: AreaScheduleZoneDto[];

  /** @example "Office hours" */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class AreaScheduleZoneResponse {
  /** @example "7" */
  id: string;
  controlled_area_id: string;
  on_action: number;
  off_action: number;
  description: string;
}

export class AreaScheduleResponse {
  /** @example 2 */
  id: number;
  name: string;
  description: string;
  /** Every area the schedule drives, the ones just posted included. */
  zones: AreaScheduleZoneResponse[];
}
