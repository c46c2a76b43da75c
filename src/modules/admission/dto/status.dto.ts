import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ADMISSION_STATUSES, type AdmissionStatus } from '../admission-status';

/** Admission status of a device authentication data set. */
export class Status {
  @ApiProperty({ enum: ADMISSION_STATUSES, enumName: 'AdmissionStatus', example: 'accepted' })
  @IsString()
  status: AdmissionStatus;
}

export class Count {
  /** @example 42 */
  count: number;
}
