import { IsInt, Max, Min } from 'class-validator';

export class BeaconStatusDto {
  /** @example 1 */
  @IsInt()
  @Min(0)
  @Max(65535)
  major: number;

  /** @example 3 */
  @IsInt()
  @Min(0)
  @Max(65535)
  minor: number;

  /** Percent. @example 76 */
  @IsInt()
  @Min(0)
  @Max(100)
  batteryLevel: number;
}
