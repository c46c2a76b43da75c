import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, ValidateNested } from 'class-validator';
import { DeviceIdDto } from './device-id.dto';

export class DeviceCredentialValue {
  /** @example credential-1 */
  @IsString()
  @Length(1, 4096)
  DeviceCredential: string;
}

export class FailedCredentialsDto extends DeviceIdDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DeviceCredentialValue)
  Credentials: DeviceCredentialValue[];
}
