import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { DeviceIdentification } from './device-identification.dto';

/** How every device-facing call names its device: the same object as `DeviceIdentification`. */
export class DeviceRequestDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceIdentification)
  DeviceId: DeviceIdentification;

  /** @example BodyWornCamera */
  @IsString()
  @Length(1, 100)
  DeviceType: string;
}
