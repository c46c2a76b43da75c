import { IsString, Length } from 'class-validator';
import { DeviceIdDto } from '../../devices/dto/device-id.dto';

export class CommitTransactionDto extends DeviceIdDto {
  /** The TransactionId received from configuration/negociate. */
  @IsString()
  @Length(1, 64)
  TransactionId: string;
}
