import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { MAX_INT_ID } from '../../site-model/record-ids';
import type { PhoneSummary } from '../mobile-phones.repository';

/** What a zoneAccess number means (the spec names 0; 1 and 2 are this service's). */
export const ZONE_ACCESS_LEVELS = [0, 1, 2] as const;

export class PutMobileUserDto {
  /**
   * 10 to 256 characters (the platform's rule), stored as an argon2id hash, never returned. Required
   * to create the user; absent on a replace, the password stays.
   */
  @IsOptional()
  @IsString()
  @Length(10, 256)
  password?: string;

  /** A Primis administrator: holds MOBILE_ADMIN besides MOBILE_USER. */
  @IsBoolean()
  isAdmin: boolean;

  /** Access privilege on controlled area configuration: 0 none, 1 view, 2 change. */
  @ApiProperty({ type: 'integer', enum: ZONE_ACCESS_LEVELS })
  @IsIn(ZONE_ACCESS_LEVELS)
  zoneAccess: number;

  /** The access groups the user is in (ids of this tenant's groups; replaces the current list). */
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_INT_ID, { each: true })
  accessGroupIds: number[];
}

export class MobileUserResponse {
  /** The platform user's id. */
  id: string;
  /** @example john.smith@identiv.com */
  email: string;
  isAdmin: boolean;
  @ApiProperty({ type: 'integer', enum: ZONE_ACCESS_LEVELS })
  zoneAccess: number;
  accessGroupIds: number[];
  /** Phones registered now (the per-user licence counts these). */
  phoneCount: number;
}

export class MobilePhoneResponse {
  /** @example 9F58395D-7963-469C-BB8F-5C39A31B2B6Z */
  phoneId: string;
  registeredAt: Date;
  lastLoginAt: Date;
  /** False once its session ended (a replayed refresh token, a new password): the app logs in again. */
  signedIn: boolean;

  static from(phone: PhoneSummary): MobilePhoneResponse {
    return Object.assign(new MobilePhoneResponse(), phone);
  }
}
