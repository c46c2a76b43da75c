import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Cumulocity's paging parameters, and the cursors the `next` and `prev` links carry. */
export class NewDeviceRequestsQuery {
  /** Requests per page. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  pageSize: number = 5;

  /** Page number, from 1. Without a cursor a deep page is reached by offset: follow `next` instead. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  currentPage: number = 1;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  withTotalPages?: boolean;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  withTotalElements?: boolean;

  /** Opaque cursor of `next` links: the page starts after this position. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  /** Opaque cursor of `prev` links: the page ends before this position. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;
}
