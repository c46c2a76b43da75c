import { Type } from 'class-transformer';
import {
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class BeaconSightingDto {
  /** The beacon's proximity UUID. @example "f7826da6-4fa2-4e98-8024-bc5b71e0893e" */
  @IsUUID('all')
  uuid: string;

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

export class GpsPositionDto {
  /** @example 49.1885195 */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude: number;

  /** @example -122.99220389999999 */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude: number;
}

/** Exactly one of `beacon` or `gps`. */
export class GeolocationAccessDto {
  /** The phone's id (a phone-bound token's own phone wins). @example "9F58395D-7963-469C-BB8F-5C39A31B2B6Z" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  guid?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BeaconSightingDto)
  beacon?: BeaconSightingDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => GpsPositionDto)
  gps?: GpsPositionDto;
}
