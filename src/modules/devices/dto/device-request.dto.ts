import { IsString, Length } from 'class-validator';
import { DeviceIdDto } from './device-id.dto';

/** A device-facing call: the device and its type. */
export class DeviceRequestDto extends DeviceIdDto {
  /** @example BodyWornCamera */
  @IsString()
  @Length(1, 100)
  DeviceType: string;
}
