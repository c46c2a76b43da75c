import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { SecurityTokenMode } from '../new-device-request-status';

/** A tenant's device registration settings. */
export class NewDeviceRequestSettings {
  @ApiProperty({
    enum: SecurityTokenMode,
    enumName: 'SecurityTokenMode',
    default: SecurityTokenMode.OPTIONAL,
  })
  @IsEnum(SecurityTokenMode)
  securityTokenMode: SecurityTokenMode;
}
