import type { ErrorShape } from '../../core/http/error-shape';

/** The Primis mobile API's paths (the spec's three roots). */
const PRIMIS_PATHS = /^\/api\/(mobile|controlled_area_schedules|access_groups)(\/|$)/;

/** Primis errors: `{status, message}`, the HTTP status repeated in the body, as the spec's examples. */
export const primisErrorShape: ErrorShape = {
  matches: (path) => PRIMIS_PATHS.test(path),
  contentType: 'application/json',
  body: (error) => ({ status: error.status, message: error.message }),
  // A newer phone app sends more than this service models (rule 12): stripped, never stored.
  ignoresUnknownProperties: true,
  schemaName: 'PrimisError',
  schema: {
    type: 'object',
    description: 'Primis error; the request id is in X-Request-ID.',
    required: ['status', 'message'],
    properties: {
      status: { type: 'integer', example: 400 },
      message: {
        type: 'string',
        example: 'Unable to register mobile device due to licensing, please contact system administrator.',
      },
    },
  },
};
