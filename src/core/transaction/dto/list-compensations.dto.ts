import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../http/page-query.dto';
import type { CompensationStatus } from '../journal/compensation.entity';

const STATUSES: CompensationStatus[] = ['armed', 'committing', 'pending', 'done'];

export class ListCompensationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES, enumName: 'CompensationStatus' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: CompensationStatus;
}
