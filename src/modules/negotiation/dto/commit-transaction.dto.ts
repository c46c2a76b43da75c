import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { DeviceIdentification } from '../../devices/dto/device-identification.dto';

export class CommitTransactionDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceIdentification)
  DeviceId: DeviceIdentification;

  /** The TransactionId received from configuration/negociate. */
  @IsString()
  @Length(1, 64)
  TransactionId: string;
}
