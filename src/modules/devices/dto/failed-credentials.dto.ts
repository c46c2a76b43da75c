import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsObject,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { DeviceIdentification } from './device-identification.dto';

export class DeviceCredentialValue {
  /** @example credential-1 */
  @IsString()
  @Length(1, 4096)
  DeviceCredential: string;
}

export class FailedCredentialsDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceIdentification)
  DeviceId: DeviceIdentification;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DeviceCredentialValue)
  Credentials: DeviceCredentialValue[];
}
