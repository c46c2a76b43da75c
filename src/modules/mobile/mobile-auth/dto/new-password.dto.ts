import { IsString } from 'class-validator';
import { PRIMIS_MESSAGES } from '../../primis.exception';

export class NewPasswordDto {
  /**
   * At least one number, one lowercase and one uppercase letter and at least six characters (the
   * spec's rule), and 10 to 256 characters (the platform's, as for every user).
   * @example Password1234
   */
  @IsString({ message: PRIMIS_MESSAGES.invalidPassword })
  newPassword: string;
}
