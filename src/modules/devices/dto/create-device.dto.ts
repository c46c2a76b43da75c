import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { DeviceIdentification } from './device-identification.dto';

export class CreateDeviceDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceIdentification)
  DeviceIdentification: DeviceIdentification;

  /** @example BodyWornCamera */
  @IsString()
  @Length(1, 100)
  DeviceType: string;
}
