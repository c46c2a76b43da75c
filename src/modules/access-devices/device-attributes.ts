import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';
import type { AccessDeviceChanges } from './dto/access-device.dto';
import type { PhoneType } from './dto/phone-type.dto';
import { isOfType } from './phone-types.service';
import { MAC_FORMAT_EXAMPLES, normalizeMac } from './mac-address';

/** What `access_devices.properties` holds: the attributes without a column of their own, and the parameters. */
export interface StoredProperties {
  protocol: string;
  netPort?: number;
  outboundProxyServerNetAddress: string;
  stunServerNetAddress: string;
  serialNumber: string;
  description: string;
  physicalLocation: string;
  transportProtocol: string;
  useCustomUserNamePassword: boolean;
  parameters: Record<string, string | number | boolean>;
}

export const NEW_DEVICE_PROPERTIES: StoredProperties = {
  protocol: 'SIP 2.0',
  outboundProxyServerNetAddress: '',
  stunServerNetAddress: '',
  serialNumber: '',
  description: '',
  physicalLocation: '',
  transportProtocol: 'Unspecified',
  useCustomUserNamePassword: false,
  parameters: {},
};

/** The stored properties with the changes applied (accessDeviceCredentials and macAddress are handled apart). */
export function applyChanges(current: StoredProperties, changes: AccessDeviceChanges): StoredProperties {
  const { accessDeviceCredentials: _credentials, macAddress: _mac, netAddress: _net, ...rest } = changes;
  return { ...current, ...rest };
}

/**
 * The phone type's parameters: given ones checked against their types, the others from their defaults.
 * A property that is neither an attribute nor a parameter is ignored, never stored, as APIO ignores it.
 */
export function applyParameters(
  phoneType: PhoneType,
  current: Record<string, string | number | boolean>,
  given: Record<string, unknown>,
): Record<string, string | number | boolean> {
  const declared = new Map((phoneType.parameters ?? []).map((parameter) => [parameter.name, parameter]));
  const result = { ...current };
  for (const [name, value] of Object.entries(given)) {
    const parameter = declared.get(name);
    if (!parameter) continue;
    if (!isOfType(value, parameter.type))
      throw AccessDevicesException.invalid(
        ApioErrorCode.PHONE_TYPE_RULE,
        `${name} must be of type ${parameter.type}`,
        {
          [name]: `must be of type ${parameter.type}`,
        },
      );
    result[name] = value as string | number | boolean;
  }
  for (const parameter of declared.values()) {
    if (result[parameter.name] !== undefined) continue;
    if (parameter.default !== undefined) result[parameter.name] = parameter.default;
    else if (parameter.required)
      throw AccessDevicesException.invalid(
        ApioErrorCode.PHONE_TYPE_RULE,
        `${parameter.name} is mandatory for phone type ${phoneType.name}`,
        { [parameter.name]: 'mandatory' },
      );
  }
  return result;
}

/** A MAC is mandatory when the type says so or provisions the device anywhere (servers key records by MAC). */
export function macAddressOf(phoneType: PhoneType, raw: string | null): string | null {
  if (raw === null || raw === '') {
    if (phoneType.macAddressMandatory || phoneType.redirect || phoneType.vendorServer)
      throw AccessDevicesException.invalid(
        ApioErrorCode.PHONE_TYPE_RULE,
        `macAddress is mandatory for phone type ${phoneType.name}`,
        { macAddress: 'mandatory' },
      );
    return null;
  }
  const format = phoneType.macAddressFormat ?? 'ANY';
  const mac = normalizeMac(raw, format);
  if (mac === null)
    throw AccessDevicesException.invalid(
      ApioErrorCode.PHONE_TYPE_RULE,
      `macAddress "${raw}" is not valid for phone type ${phoneType.name}: expected ${MAC_FORMAT_EXAMPLES[format]}`,
      { macAddress: `expected ${MAC_FORMAT_EXAMPLES[format]}` },
    );
  return mac;
}

/** Every mandatory property of the type has a non-empty value. */
export function checkMandatory(phoneType: PhoneType, values: Record<string, unknown>): void {
  for (const name of phoneType.mandatoryProperties ?? []) {
    if (values[name] === undefined || values[name] === null || values[name] === '')
      throw AccessDevicesException.invalid(
        ApioErrorCode.PHONE_TYPE_RULE,
        `${name} is mandatory for phone type ${phoneType.name}`,
        {
          [name]: 'mandatory',
        },
      );
  }
}
