import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SERVER_NAME } from './provisioning-server.dto';

/** Most line ports of a device (the available-ports query counts up to it). */
export const MAX_PORTS = 512;

export const MAC_FORMATS = ['ANY', 'HEX', 'COLON'] as const;
export type MacFormat = (typeof MAC_FORMATS)[number];
export const PARAMETER_TYPES = ['string', 'integer', 'boolean'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** The access device attributes a phone type may make mandatory. */
export const MANDATORY_CANDIDATES = [
  'netAddress',
  'netPort',
  'outboundProxyServerNetAddress',
  'stunServerNetAddress',
  'serialNumber',
  'description',
  'physicalLocation',
] as const;

/** An extra property of the devices of this type (the "dynamic data model"): shown on their GET. */
export class PhoneTypeParameter {
  /** Property name on the device. @example lineKeyLabel */
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, {
    message: 'name must be a letter then up to 63 letters, digits or _',
  })
  name: string;

  @ApiProperty({ enum: PARAMETER_TYPES, enumName: 'PhoneTypeParameterType' })
  @IsIn(PARAMETER_TYPES)
  type: ParameterType;

  /** Value when a device gives none; of the parameter's type. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }], required: false })
  @IsOptional()
  default?: string | number | boolean;

  /** The device must give it (ignored when there is a default). */
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}

/** A phone type: what APIO checks and provisions for the access devices of this deviceType. */
export class PhoneType {
  /** The deviceType it defines. @example Generic SIP Phone */
  @IsString()
  @Length(1, 128)
  @Matches(/^[^/]+$/, { message: 'name must not contain /' })
  name: string;

  /** A device of this type must have a MAC address. Implied when it is provisioned anywhere. */
  @IsOptional()
  @IsBoolean()
  macAddressMandatory?: boolean;

  /**
   * How the MAC address must be written: `HEX` 12 hex digits (221100CCBBAA), `COLON` pairs with colons
   * (22:11:00:CC:BB:AA), `ANY` either, or with dashes. Stored and shown as 12 upper-case hex digits.
   */
  @ApiProperty({ enum: MAC_FORMATS, enumName: 'MacAddressFormat', default: 'ANY', required: false })
  @IsOptional()
  @IsIn(MAC_FORMATS)
  macAddressFormat?: MacFormat;

  /** Attributes a device of this type must give. */
  @ApiProperty({ enum: MANDATORY_CANDIDATES, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @IsIn(MANDATORY_CANDIDATES, { each: true })
  mandatoryProperties?: string[];

  /** Line ports of a device of this type. @example 16 */
  @IsInt()
  @Min(1)
  @Max(MAX_PORTS)
  numberOfPorts: number;

  /** Devices of this type are inserted into the tenant's redirect server (the provisioning server named `redirect`). */
  @IsOptional()
  @IsBoolean()
  redirect?: boolean;

  /** Name of the phone vendor provisioning server devices of this type are inserted into; none when absent. @example cisco */
  @IsOptional()
  @IsString()
  @ApiProperty({ required: false, nullable: true, pattern: SERVER_NAME.source })
  @Matches(SERVER_NAME, {
    message: 'vendorServer must be a server name (a-z, 0-9, _ and -)',
  })
  vendorServer?: string | null;

  /** The vendor server configures devices by activation code: create (and a MAC change) return `deviceActivationCode`. */
  @IsOptional()
  @IsBoolean()
  supportsActivationCode?: boolean;

  /** APIO generates hidden credentials (user name and password no one is shown) for devices of this type. */
  @IsOptional()
  @IsBoolean()
  hiddenCredentials?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PhoneTypeParameter)
  parameters?: PhoneTypeParameter[];
}

/** A phone type as read: `system` ones come from the platform's catalogue, `tenant` ones are the tenant's own. */
export class PhoneTypeResponse extends PhoneType {
  @ApiProperty({ enum: ['system', 'tenant'], enumName: 'PhoneTypeScope' })
  scope: 'system' | 'tenant';
}

export class PhoneTypeList {
  phone_types: PhoneTypeResponse[];
}
