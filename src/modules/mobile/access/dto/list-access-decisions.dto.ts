import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../../core/http/page-query.dto';

export class ListAccessDecisionsQuery extends PageQuery {
  /** Only this user's decisions (the platform user id). */
  @IsOptional()
  @IsString()
  @MaxLength(36)
  userId?: string;

  /** Only decisions on this controlled area. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  zoneId?: string;
}
