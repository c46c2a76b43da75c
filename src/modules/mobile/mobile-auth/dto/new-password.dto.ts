import { ApiProperty } from '@nestjs/swagger';
import { Allow } from 'class-validator';

export class NewPasswordDto {
  /**
   * At least one number, one lowercase and one uppercase letter and at least six characters (the
   * spec's rule), and 10 to 256 characters (the platform's, as for every user). Checked by the
   * service, so that anything else (missing, not a string) gets the spec's own message.
   */
  @ApiProperty({ type: String, example: 'Password1234' })
  @Allow()
  newPassword: unknown;
}
