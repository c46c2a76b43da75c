import { IsString, Length } from 'class-validator';

export class PhoneIdDto {
  /**
   * Unique identifier for the mobile device, assigned by the mobile application; exact (case-sensitive).
   * @example 9F58395D-7963-469C-BB8F-5C39A31B2B6Z
   */
  @IsString()
  @Length(1, 200)
  phoneId: string;
}
