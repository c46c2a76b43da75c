import type { ErrorShape } from '../../core/http/error-shape';

export const ADMISSION_BASE = '/api/management/v1/admission';

/** Mender's error descriptor: `{error, request_id}`, the id also in X-MEN-RequestID. */
export const menderErrorShape: ErrorShape = {
  matches: (path) => path === ADMISSION_BASE || path.startsWith(`${ADMISSION_BASE}/`),
  contentType: 'application/json',
  body: (error) => ({ error: error.message, request_id: error.requestId }),
  requestIdHeader: 'x-men-requestid',
  // Mender's Go services decode bodies without DisallowUnknownFields.
  ignoresUnknownProperties: true,
  schemaName: 'MenderError',
  schema: {
    type: 'object',
    description: 'Error descriptor.',
    properties: {
      error: {
        type: 'string',
        description: 'Description of the error.',
        example: 'failed to decode device group data: JSON payload is empty',
      },
      request_id: {
        type: 'string',
        description: 'Request ID (same as in X-MEN-RequestID header).',
        example: 'f7881e82-0492-49fb-b459-795654e7188a',
      },
    },
  },
};
