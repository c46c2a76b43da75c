import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../http/page-query.dto';

export class ListAuditEventsQuery extends PageQuery {
  /** The operationId of the request, e.g. `createUser`. */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  action?: string;

  /** The id acted on. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  target?: string;

  /** Events at or after this instant (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Events before this instant (ISO 8601). */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
