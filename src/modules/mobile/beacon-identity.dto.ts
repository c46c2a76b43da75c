import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** An iBeacon's major and minor numbers, as the phone reports them and the site model stores them. */
export class BeaconNumbersDto {
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
}

/** A beacon as the phone sees it: its proximity UUID and numbers. */
export class BeaconIdentityDto extends BeaconNumbersDto {
  /** The beacon's proximity UUID. @example "f7826da6-4fa2-4e98-8024-bc5b71e0893e" */
  @IsUUID('all')
  uuid: string;
}
