import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { NewDeviceRequestStatus } from '../new-device-request-status';

/** An admin's accept: only `status`, only to ACCEPTED (other values answer 422 saying why). */
export class UpdateNewDeviceRequest {
  @ApiProperty({ enum: NewDeviceRequestStatus, enumName: 'NewDeviceRequestStatus', example: 'ACCEPTED' })
  @IsOptional()
  @IsString()
  status?: string;

  /** May repeat the request's own id; any other id is refused. */
  @IsOptional()
  @IsString()
  id?: string;

  /** The request's securityToken, when the tenant's mode checks it. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  securityToken?: string;
}
