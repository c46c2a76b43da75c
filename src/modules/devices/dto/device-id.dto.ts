import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { DeviceIdentification } from './device-identification.dto';

/** The device a device-facing call is about: every call but "add" names it `DeviceId`. */
export class DeviceIdDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceIdentification)
  DeviceId: DeviceIdentification;
}
