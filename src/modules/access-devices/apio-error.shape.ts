import { PlatformErrorCode } from '../../core/http/app.exception';
import type { ErrorShape, NormalizedError } from '../../core/http/error-shape';
import { APIO_ERROR_TABLE, ApioErrorCode } from './apio-error-codes';

/** The APIO paths: phone types, access devices and their tenant settings. */
const APIO_PATHS =
  /^\/api\/v1\/(phone_types|tenants\/[^/]+\/(groups\/[^/]+\/advanced_access_devices|access_device_settings|provisioning_servers))(\/|$)/;

/** Errors raised before the module is reached (authentication, validation, body limits). */
const PLATFORM_CODES: Record<string, ApioErrorCode> = {
  [PlatformErrorCode.BAD_REQUEST]: ApioErrorCode.INVALID_INPUT,
  [PlatformErrorCode.VALIDATION_FAILED]: ApioErrorCode.INVALID_INPUT,
  [PlatformErrorCode.UNAUTHORIZED]: ApioErrorCode.NOT_AUTHENTICATED,
  [PlatformErrorCode.FORBIDDEN]: ApioErrorCode.FORBIDDEN,
  [PlatformErrorCode.NOT_FOUND]: ApioErrorCode.NOT_FOUND,
  [PlatformErrorCode.CONFLICT]: ApioErrorCode.CONFLICT,
  [PlatformErrorCode.PAYLOAD_TOO_LARGE]: ApioErrorCode.REQUEST_REFUSED,
  [PlatformErrorCode.UNSUPPORTED_MEDIA_TYPE]: ApioErrorCode.REQUEST_REFUSED,
  [PlatformErrorCode.RATE_LIMITED]: ApioErrorCode.REQUEST_REFUSED,
  [PlatformErrorCode.SERVICE_UNAVAILABLE]: ApioErrorCode.SERVICE_UNAVAILABLE,
};

function codeOf(error: NormalizedError): number {
  const own = Number(error.code);
  if (Number.isInteger(own)) return own;
  return (
    PLATFORM_CODES[error.code] ?? (error.status >= 500 ? ApioErrorCode.INTERNAL : ApioErrorCode.INVALID_INPUT)
  );
}

function detailsOf(error: NormalizedError): Record<string, unknown> {
  const own = error.details.details as Record<string, unknown> | undefined;
  if (own) return own;
  if (error.fields.length > 0)
    return Object.fromEntries(error.fields.map((field) => [field.field, field.message]));
  return error.status >= 500 ? { request_id: error.requestId } : {};
}

const CODES_TABLE = [
  '| code | HTTP | meaning |',
  '|---|---|---|',
  ...APIO_ERROR_TABLE.map(([code, status, meaning]) => `| ${code} | ${status} | ${meaning} |`),
].join('\n');

/** APIO's error body: a list of errors with a numeric code, a message, the vendor's sub_code and details. */
export const apioErrorShape: ErrorShape = {
  matches: (path) => APIO_PATHS.test(path),
  trailingSlash: true,
  // Unknown device properties that are not phone-type parameters are ignored too (device-attributes.ts).
  ignoresUnknownProperties: true,
  contentType: 'application/json',
  body: (error) => ({
    errors: [
      {
        code: codeOf(error),
        message: error.message,
        sub_code: (error.details.sub_code as number | null | undefined) ?? null,
        details: detailsOf(error),
      },
    ],
  }),
  schemaName: 'ApioErrors',
  schema: {
    type: 'object',
    description: `APIO error list. Codes:\n\n${CODES_TABLE}`,
    required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'message', 'sub_code', 'details'],
          properties: {
            code: { type: 'integer', enum: APIO_ERROR_TABLE.map(([code]) => code), example: 31 },
            message: {
              type: 'string',
              example: 'Phone Provisioning Server reply with an error: Illegal MAC address format',
            },
            sub_code: {
              type: 'integer',
              nullable: true,
              description: "With code 31: the phone vendor's own error code.",
              example: 4001,
            },
            details: { type: 'object', additionalProperties: true, example: {} },
          },
        },
      },
    },
  },
};
