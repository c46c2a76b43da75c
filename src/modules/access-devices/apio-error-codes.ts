/** The `code` of an APIO error body. 31 is APIO's own (phone vendor error); the rest are this service's. */
export enum ApioErrorCode {
  INVALID_INPUT = 1,
  NOT_AUTHENTICATED = 2,
  FORBIDDEN = 3,
  NOT_FOUND = 4,
  CONFLICT = 5,
  REQUEST_REFUSED = 6,
  UNKNOWN_PHONE_TYPE = 10,
  PHONE_TYPE_RULE = 11,
  DEVICE_NAME = 12,
  DEVICE_IN_USE = 13,
  PORT_UNAVAILABLE = 14,
  VENDOR_ERROR = 31,
  VENDOR_UNREACHABLE = 32,
  REDIRECT_ERROR = 33,
  REDIRECT_UNREACHABLE = 34,
  SERVICE_UNAVAILABLE = 98,
  INTERNAL = 99,
}

/** One row per code: the HTTP status it comes with and what it means (OpenAPI and README show this table). */
export const APIO_ERROR_TABLE: [ApioErrorCode, number, string][] = [
  [ApioErrorCode.INVALID_INPUT, 400, 'Invalid input; `details` maps each bad field to what is wrong.'],
  [ApioErrorCode.NOT_AUTHENTICATED, 401, 'Missing or invalid credentials.'],
  [ApioErrorCode.FORBIDDEN, 403, 'The caller lacks the role.'],
  [ApioErrorCode.NOT_FOUND, 404, 'No such device, phone type or provisioning server (or tenant).'],
  [ApioErrorCode.CONFLICT, 400, 'The deviceName or macAddress is already used, or the port is taken.'],
  [
    ApioErrorCode.REQUEST_REFUSED,
    413,
    'Body too large (413), media type not JSON (415), too many requests (429).',
  ],
  [ApioErrorCode.UNKNOWN_PHONE_TYPE, 400, 'The deviceType is not a configured phone type.'],
  [
    ApioErrorCode.PHONE_TYPE_RULE,
    400,
    'A rule of the phone type is broken: mandatory property, MAC format, parameter type.',
  ],
  [
    ApioErrorCode.DEVICE_NAME,
    400,
    'No deviceName and no generation rule, a name too long, or no free generated name.',
  ],
  [
    ApioErrorCode.DEVICE_IN_USE,
    400,
    'Delete refused: users are linked to the device; `details.users` lists them.',
  ],
  [ApioErrorCode.PORT_UNAVAILABLE, 400, 'The port is beyond the numberOfPorts of the device.'],
  [
    ApioErrorCode.VENDOR_ERROR,
    400,
    "Phone vendor provisioning server replied with an error; `sub_code` is the vendor's code (its HTTP status when it gave none).",
  ],
  [
    ApioErrorCode.VENDOR_UNREACHABLE,
    400,
    'Phone vendor provisioning server timed out or could not be reached.',
  ],
  [
    ApioErrorCode.REDIRECT_ERROR,
    400,
    'Redirect server replied with an error; `sub_code` is its HTTP status.',
  ],
  [ApioErrorCode.REDIRECT_UNREACHABLE, 400, 'Redirect server timed out or could not be reached.'],
  [
    ApioErrorCode.SERVICE_UNAVAILABLE,
    503,
    'The database is unavailable; nothing was changed. Retry after `Retry-After` seconds (`details.request_id`).',
  ],
  [
    ApioErrorCode.INTERNAL,
    500,
    'Internal error; nothing was changed. The request id is in `details.request_id`.',
  ],
];
