import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../../core/http/page-query.dto';

const BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListDevicesQuery extends PageQuery {
  @ApiPropertyOptional({ type: 'boolean', description: 'Only active (true) or inactive (false) devices.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value,
  )
  @IsBoolean()
  active?: boolean;

  /** Only devices of this DeviceType. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;
}
