import { IsOptional, IsString, Length } from 'class-validator';

/** Registers a device id with the tenant, before the device first polls. */
export class CreateNewDeviceRequest {
  /** Device identifier, e.g. an IMEI. */
  @IsString()
  @Length(1, 1000)
  id: string;

  /** Type of the device (Cumulocity's `type`). */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  type?: string;

  /** Group the device is to join once registered. */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  groupId?: string;

  /**
   * Shared secret the device's poll and the admin's accept must present when the tenant's mode checks
   * it (see /devicecontrol/newDeviceRequestSettings). Stored hashed, never returned.
   */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  securityToken?: string;
}
