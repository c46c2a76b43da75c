import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const TRANSPORT_PROTOCOLS = ['UDP', 'TCP', 'TLS', 'Unspecified'] as const;

export class AccessDeviceCredentials {
  @IsString()
  @Length(1, 255)
  userName: string;

  /** Write-only: stored encrypted, sent only to the vendor server. */
  @IsString()
  @Length(1, 255)
  password: string;
}

/**
 * The attributes both create and update accept. A phone type's parameters are accepted beside them
 * (the dynamic data model), checked against their declared types.
 */
export class AccessDeviceChanges {
  /** @example SIP 2.0 */
  @IsOptional()
  @IsString()
  @Length(0, 64)
  protocol?: string;

  @IsOptional()
  @IsString()
  @Length(0, 255)
  netAddress?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  netPort?: number;

  @IsOptional()
  @IsString()
  @Length(0, 255)
  outboundProxyServerNetAddress?: string;

  @IsOptional()
  @IsString()
  @Length(0, 255)
  stunServerNetAddress?: string;

  /** As the phone type's macAddressFormat says; empty removes it (when the type allows). @example 221100CCBBAA */
  @IsOptional()
  @IsString()
  @Length(0, 17)
  macAddress?: string;

  @IsOptional()
  @IsString()
  @Length(0, 128)
  serialNumber?: string;

  @IsOptional()
  @IsString()
  @Length(0, 255)
  description?: string;

  @IsOptional()
  @IsString()
  @Length(0, 255)
  physicalLocation?: string;

  @ApiProperty({ enum: TRANSPORT_PROTOCOLS, enumName: 'TransportProtocol', required: false })
  @IsOptional()
  @IsIn(TRANSPORT_PROTOCOLS)
  transportProtocol?: (typeof TRANSPORT_PROTOCOLS)[number];

  /** true: accessDeviceCredentials are the device's credentials (required then). */
  @IsOptional()
  @IsBoolean()
  useCustomUserNamePassword?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => AccessDeviceCredentials)
  accessDeviceCredentials?: AccessDeviceCredentials;
}

/** The attribute names of AccessDeviceChanges: every other body property must be a phone type parameter. */
export const CHANGE_ATTRIBUTES = [
  'protocol',
  'netAddress',
  'netPort',
  'outboundProxyServerNetAddress',
  'stunServerNetAddress',
  'macAddress',
  'serialNumber',
  'description',
  'physicalLocation',
  'transportProtocol',
  'useCustomUserNamePassword',
  'accessDeviceCredentials',
];

/** Names a phone type parameter may not take: every attribute a device shows or accepts. */
export const RESERVED_NAMES = new Set([
  ...CHANGE_ATTRIBUTES,
  'deviceName',
  'deviceType',
  'numberOfPorts',
  'numberOfAssignedPorts',
  'availablePorts',
  'status',
  'userName',
  'version',
  'configurationFileName',
  'deviceActivationCode',
]);

export class CreateAccessDevice extends AccessDeviceChanges {
  /** Optional when the tenant has a GROUP_DEVICE_NAME_RULE. @example APIO Test Device */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  deviceName?: string;

  /** A configured phone type. @example Generic SIP Phone */
  @IsString()
  @Length(1, 128)
  deviceType: string;
}

export class UpdateAccessDevice extends AccessDeviceChanges {}

/** `available_ports_for` / `include_available_ports`, as query parameters or a JSON body on GET. */
export class PortQuery {
  /** Only the devices of this deviceName (or deviceType), with their available ports. Wins over include_available_ports. */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  available_ports_for?: string;

  /** Add availablePorts to every device. */
  @IsOptional()
  @IsBoolean()
  include_available_ports?: boolean;
}

export class AccessDeviceListItem {
  /** @example Online */
  status: string;
  deviceName: string;
  version: string;
  macAddress: string;
  netAddress: string;
  freePorts: number;
  deviceType: string;
  /** Only with available_ports_for or include_available_ports. */
  availablePorts?: number[];
}

export class AccessDeviceList {
  access_devices: AccessDeviceListItem[];
}

/** An access device. The phone type's parameters appear beside these attributes. */
export class AccessDevice {
  deviceName: string;
  deviceType: string;
  protocol: string;
  netAddress: string;
  netPort?: number;
  outboundProxyServerNetAddress: string;
  stunServerNetAddress: string;
  macAddress: string;
  serialNumber: string;
  description: string;
  numberOfPorts: number;
  numberOfAssignedPorts: number;
  availablePorts?: number[];
  status: string;
  physicalLocation: string;
  @ApiProperty({ enum: TRANSPORT_PROTOCOLS, enumName: 'TransportProtocol' })
  transportProtocol: string;
  useCustomUserNamePassword: boolean;
  /** The custom user name; empty for hidden credentials. */
  userName: string;
  version: string;
  configurationFileName: string;
  /** Create, and an update that changed the MAC, when the phone type supports activation codes. */
  deviceActivationCode?: string;
}
