import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';

export const LINE_KINDS = ['primary', 'secondary'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** A user using a line port of the device, as primary or secondary (extra) phone. */
export class LinePortAssignment {
  /** @example alice@acme.example */
  @IsString()
  @Length(1, 128)
  userId: string;

  @ApiProperty({ enum: LINE_KINDS, enumName: 'LineKind' })
  @IsIn(LINE_KINDS)
  kind: LineKind;
}

export class LinePort extends LinePortAssignment {
  linePort: number;
}

/** Delete options, as query parameters or a JSON body. */
export class DeleteAccessDeviceOptions {
  /** Unlink the users using the device as secondary/extra phone. */
  @IsOptional()
  @IsBoolean()
  delete_secondary_users?: boolean;

  /** Unlink the users using the device as primary phone. */
  @IsOptional()
  @IsBoolean()
  delete_primary_users?: boolean;
}

export class DetachedUser {
  userId: string;
  linePort: number;
}

export class DeletedAccessDevice {
  detached_users: DetachedUser[];
}
