import { IsString, Length } from 'class-validator';
import { CommitTransactionDto } from './commit-transaction.dto';

export class RejectTransactionDto extends CommitTransactionDto {
  /** @example er2019 */
  @IsString()
  @Length(1, 200)
  ReasonCode: string;

  /** @example corrupted */
  @IsString()
  @Length(1, 2000)
  ReasonMessage: string;
}
