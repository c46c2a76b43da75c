import { IsString, Length } from 'class-validator';

/** New device authentication data set for the admission process. */
export class NewDevice {
  /** System-assigned device ID. @example 58be8208dd77460001fe0d78 */
  @IsString()
  @Length(1, 128)
  device_id: string;

  /** The identity data of the device: a JSON string of a non-empty object. @example {"mac":"00:01:02:03:04:05", "sku":"My Device 1", "sn":"SN1234567890"} */
  @IsString()
  @Length(2, 16_384)
  device_identity: string;

  /** Device public key, PEM (RSA, EC or Ed25519). @example -----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA...\n-----END PUBLIC KEY-----\n */
  @IsString()
  @Length(1, 16_384)
  key: string;
}
