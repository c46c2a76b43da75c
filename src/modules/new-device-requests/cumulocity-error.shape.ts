import { STATUS_CODES } from 'node:http';
import type { ErrorShape, NormalizedError } from '../../core/http/error-shape';
import { CumulocityErrorCode } from './cumulocity.exception';

/** The Cumulocity REST areas this module answers: device control, identity, inventory. */
const CUMULOCITY_PATHS = /^\/(devicecontrol|identity|inventory)(\/|$)/;

/** Cumulocity's own `info`, byte for byte as its servers send it: its guide on error reporting. */
export const CUMULOCITY_ERROR_INFO =
  'https://cumulocity.com/guides/reference/rest-implementation/#a-name-error-reporting-a-error-reporting';

const OWN_CODES = new Set<string>(Object.values(CumulocityErrorCode));

/**
 * `<area>/<Reason>` as Cumulocity writes it: authentication and roles are `security/...`, server faults
 * `general/...`, everything else the path's area with the module's reason (or the HTTP reason phrase
 * for errors raised before the module: validation, router, body parser).
 */
export function cumulocityErrorName(error: Pick<NormalizedError, 'status' | 'code' | 'path'>): string {
  const reason = OWN_CODES.has(error.code) ? error.code : (STATUS_CODES[error.status] ?? 'Error');
  if (error.status === 401 || error.status === 403) return `security/${reason}`;
  if (error.status >= 500) return `general/${reason}`;
  const area = CUMULOCITY_PATHS.exec(error.path)?.[1] ?? 'general';
  return `${area}/${reason}`;
}

export const cumulocityErrorShape: ErrorShape = {
  matches: (path) => CUMULOCITY_PATHS.test(path),
  contentType: 'application/vnd.com.nsn.cumulocity.error+json;charset=UTF-8',
  // Cumulocity's services ignore fragments they do not model; the requests keep custom fragments
  // themselves from the raw body (new-device-request fragments), so stripping loses nothing.
  ignoresUnknownProperties: true,
  body: (error) => ({
    error: cumulocityErrorName(error),
    message: error.message,
    info: CUMULOCITY_ERROR_INFO,
  }),
  schemaName: 'CumulocityError',
  schema: {
    type: 'object',
    description: 'Cumulocity error: `error` is `<area>/<Reason>`; the request id is in X-Request-ID.',
    required: ['error', 'message', 'info'],
    properties: {
      error: { type: 'string', example: 'devicecontrol/Not Found' },
      message: { type: 'string', example: "No newDeviceRequest for id '1234'" },
      info: { type: 'string', format: 'uri', example: CUMULOCITY_ERROR_INFO },
    },
  },
};
