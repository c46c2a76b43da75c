import { IsOptional, IsString, Length } from 'class-validator';

/** Identifies a device. The id derives from SerialNumber and Manufacturer: send them exactly the same every time. */
export class DeviceIdentification {
  /** @example 1234 */
  @IsString()
  @Length(1, 200)
  SerialNumber: string;

  /** @example genetec */
  @IsString()
  @Length(1, 200)
  Manufacturer: string;

  /** @example clearance */
  @IsOptional()
  @IsString()
  @Length(0, 200)
  Model?: string;

  /** @example guide-1 */
  @IsOptional()
  @IsString()
  @Length(0, 200)
  CommonName?: string;
}
