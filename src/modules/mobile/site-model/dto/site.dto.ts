import { IsInt, IsString, IsTimeZone, Length, Max, Min } from 'class-validator';
import type { SiteHolidayEntity } from '../entities/site-holiday.entity';
import type { SiteEntity } from '../entities/site.entity';
import { HOLIDAY_TYPE_COUNT, holidayTypeBit } from '../schedule-masks';

export class PutSiteDto {
  /** @example Head office */
  @IsString()
  @Length(1, 200)
  name: string;

  /** IANA time zone: the site's schedules and holidays run on its local time. @example Europe/Paris */
  @IsString()
  @Length(1, 64)
  @IsTimeZone()
  timeZone: string;
}

export class SiteResponse {
  /** @example hq */
  id: string;
  name: string;
  /** @example Europe/Paris */
  timeZone: string;
  createdAt: Date;
  updatedAt: Date;

  static from(this: void, { id, name, timeZone, createdAt, updatedAt }: SiteEntity): SiteResponse {
    return Object.assign(new SiteResponse(), { id, name, timeZone, createdAt, updatedAt });
  }
}

export class PutHolidayDto {
  /** @example New Year's Day */
  @IsString()
  @Length(1, 200)
  name: string;

  /**
   * Holiday type 1 to 12: on this date, schedule periods whose frequency holds bit `0x100 << (type - 1)`
   * run, and weekly periods whose exceptions hold it do not.
   * @example 1
   */
  @IsInt()
  @Min(1)
  @Max(HOLIDAY_TYPE_COUNT)
  type: number;
}

export class HolidayResponse {
  /** The site's local calendar day. @example 2026-01-01 */
  date: string;
  name: string;
  /** @example 1 */
  type: number;
  /** The type's bit in a period's frequency and exceptions. @example 256 */
  bit: number;

  static from(this: void, { date, name, holidayType }: SiteHolidayEntity): HolidayResponse {
    return Object.assign(new HolidayResponse(), {
      date,
      name,
      type: holidayType,
      bit: holidayTypeBit(holidayType),
    });
  }
}
