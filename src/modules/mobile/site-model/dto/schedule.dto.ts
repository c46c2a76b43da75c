import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { SchedulePeriodEntity } from '../entities/schedule-period.entity';
import type { ScheduleEntity } from '../entities/schedule.entity';
import { periodTimeText } from '../period-times';
import { PutSiteRecordDto } from './site-record.dto';

/** `HH:mm`, 00:00 to 24:00. */
const TIME_OF_DAY = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
/** A local date and time: `YYYY-MM-DD HH:mm[:ss[.f]]` (or with `T`). */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * One period of a schedule, with the spec's masks. The spec's periods have no time of day: this
 * service adds `start_time` / `end_time`; an end at or before the start runs past midnight into the
 * next day.
 */
export class SchedulePeriodDto {
  /** 2 = weekly; 0x40 + holiday type bits (0x100 << (type - 1)) = on holidays of those types. @example 2 */
  @IsInt()
  @Min(0)
  @Max(0xffffff)
  frequency: number;

  /** Holiday type bits (0x00100 .. 0x80000) on which a weekly period does not run. @example 0 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(0xffffff)
  exceptions?: number = 0;

  /** Sunday 0x01, Monday 0x02, ... Saturday 0x40; a weekly period needs one. @example 62 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(0xff)
  days?: number = 0;

  /** Local time of day the period starts on each day it runs. @example 08:00 */
  @IsOptional()
  @Matches(TIME_OF_DAY, { message: 'start_time must be HH:mm, 00:00 to 24:00' })
  start_time?: string = '00:00';

  /** Local time of day it ends; at or before start_time: the next day. @example 18:00 */
  @IsOptional()
  @Matches(TIME_OF_DAY, { message: 'end_time must be HH:mm, 00:00 to 24:00' })
  end_time?: string = '24:00';

  /** Effective start, local to the site; null or `1900-01-01 00:00:00.0` = none. @example 2026-01-01 00:00:00.0 */
  @IsOptional()
  @Matches(LOCAL_DATE_TIME, { message: 'on_time must be YYYY-MM-DD HH:mm:ss' })
  on_time?: string | null = null;

  /** Effective expiry, local to the site; null or `1900-01-01 00:00:00.0` = none. */
  @IsOptional()
  @Matches(LOCAL_DATE_TIME, { message: 'off_time must be YYYY-MM-DD HH:mm:ss' })
  off_time?: string | null = null;
}

export class PutScheduleDto extends PutSiteRecordDto {
  /** The schedule is on while any period is. */
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => SchedulePeriodDto)
  periods: SchedulePeriodDto[];
}

export class SchedulePeriodView {
  /** @example 17 */
  id: string;
  frequency: number;
  exceptions: number;
  days: number;
  /** @example 08:00 */
  start_time: string;
  /** @example 18:00 */
  end_time: string;
  /** @example 1900-01-01 00:00:00.0 */
  on_time: string;
  /** @example 1900-01-01 00:00:00.0 */
  off_time: string;
  /** Deprecated in Primis, which still lists it: always 1 (a period here is in force or deleted). @example 1 */
  enabled: number;

  static from(this: void, period: SchedulePeriodEntity): SchedulePeriodView {
    return Object.assign(new SchedulePeriodView(), {
      id: String(period.id),
      frequency: period.frequency,
      exceptions: period.exceptions,
      days: period.days,
      start_time: minuteText(period.startMinute),
      end_time: minuteText(period.endMinute),
      on_time: periodTimeText(period.onTime),
      off_time: periodTimeText(period.offTime),
      enabled: 1,
    });
  }
}

export class ScheduleResponse {
  /** @example 7 */
  id: number;
  name: string;
  description: string;
  siteId: string;
  /** True while an access group uses the schedule. */
  usedByAccessGroup: boolean;
  periods: SchedulePeriodView[];
  createdAt: Date;
  updatedAt: Date;

  static from(
    this: void,
    schedule: ScheduleEntity,
    periods: SchedulePeriodEntity[],
    used: boolean,
  ): ScheduleResponse {
    const { id, name, description, siteId, createdAt, updatedAt } = schedule;
    return Object.assign(new ScheduleResponse(), {
      id,
      name,
      description,
      siteId,
      usedByAccessGroup: used,
      periods: periods.map(SchedulePeriodView.from),
      createdAt,
      updatedAt,
    });
  }
}

const minuteText = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
