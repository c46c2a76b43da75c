import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { TEXT_ID, TEXT_ID_RULE } from '../record-ids';

/** What every record of a site takes: its name, description and site (areas, schedules, access groups). */
export abstract class PutSiteRecordDto {
  /** @example Factory Floor */
  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsString()
  @Length(0, 1000)
  description?: string = '';

  /** The site it belongs to (PUT under sites first). @example hq */
  @IsString()
  @Matches(TEXT_ID, { message: `siteId must be ${TEXT_ID_RULE}` })
  siteId: string;
}
