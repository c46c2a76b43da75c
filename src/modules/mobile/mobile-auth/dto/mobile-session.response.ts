import { ApiProperty } from '@nestjs/swagger';

/** The spec's answer to an access-token login; a Basic login adds `refreshToken`. */
export class MobileTokenLoginResponse {
  /** Always true. */
  registered: boolean;
  /** Holds MOBILE_ADMIN: a Primis administrator. */
  isAdmin: boolean;
  /** @example john.smith@identiv.com */
  email: string;
  /**
   * Beacon configuration, a JSON string (as the spec's example): `{"enabled":false}` when no area the
   * user's access groups hold is reached by beacon; else `enabled: true`, `uuid` (the lowest beacon UUID
   * to scan for) and `uuids` (all of them, beyond the spec).
   */
  @ApiProperty({
    example:
      '{"enabled":true,"uuid":"f7826da6-4fa2-4e98-8024-bc5b71e0893e","uuids":["f7826da6-4fa2-4e98-8024-bc5b71e0893e"]}',
  })
  beacon: string;
  /** Access token (HS256, bound to this phone's session): Bearer for the mobile API. */
  jwt: string;
  /** @example 9F58395D-7963-469C-BB8F-5C39A31B2B6Z */
  @ApiProperty({ name: 'phone-id' })
  'phone-id': string;
  /** @example ok */
  status: string;
  /** Access privilege on controlled area configuration: 0 none, 1 view, 2 change. */
  @ApiProperty({ type: 'integer', enum: [0, 1, 2], example: 2 })
  zoneAccess: number;
}

export class MobileLoginResponse extends MobileTokenLoginResponse {
  /** Refresh token (Bearer for `POST /api/mobile/access_token`); each works once. */
  refreshToken: string;
}

export class RenewedTokenResponse {
  /** A new access token. */
  jwt: string;
  /** @example ok */
  status: string;
  /** @example john.smith@identiv.com */
  email: string;
  @ApiProperty({ name: 'phone-id', example: '9F58395D-7963-469C-BB8F-5C39A31B2B6Z' })
  'phone-id': string;
  /**
   * Beyond the spec's body: the next refresh token. Refresh tokens rotate; presenting one a second
   * time ends the phone's session (its access tokens stop too).
   */
  refreshToken: string;
}

export class StatusResponse {
  /** @example ok */
  status: string;
}

export class StatusMessageResponse extends StatusResponse {
  /** @example Password successfully updated */
  message: string;
}
