import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { DeviceRequestDto } from '../../devices/dto/device-request.dto';
import { DeviceCredentialValue } from '../../devices/dto/failed-credentials.dto';

export class NegotiateDto extends DeviceRequestDto {
  /** What the device can do; overwrites the stored capabilities on every call. @example {"some": "data"} */
  @IsOptional()
  @IsObject()
  Capabilities?: Record<string, unknown>;

  /** The configuration the device runs now. @example {"some": "configuration"} */
  @IsObject()
  Configuration: Record<string, unknown>;

  /** A credential to store; it becomes current when this negotiation is committed. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceCredentialValue)
  Credential?: DeviceCredentialValue;
}
