import { Type } from 'class-transformer';
import { BeaconIdentityDto } from '../../beacon-identity.dto';
import {
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class BeaconSightingDto extends BeaconIdentityDto {}

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
