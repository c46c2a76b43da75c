import { IsInt, Max, Min } from 'class-validator';
import { BeaconNumbersDto } from '../../beacon-identity.dto';

export class BeaconStatusDto extends BeaconNumbersDto {
  /** Percent. @example 76 */
  @IsInt()
  @Min(0)
  @Max(100)
  batteryLevel: number;
}
