import { STATUS_CODES } from 'node:http';
import type { ClientError } from './normalize-error';

/** What every error becomes before a shape renders it: what the client may see, with where and which request. */
export interface NormalizedError extends Omit<ClientError, 'internal' | 'outage'> {
  requestId: string;
  path: string;
}

/** How one API writes its errors on the wire (ARCHITECTURE rule 5). */
export interface ErrorShape {
  /** Which requests this shape answers, matched against the path without the query. */
  matches(path: string): boolean;
  contentType: string;
  body(error: NormalizedError): unknown;
  /** Name and JSON schema of the error body in the OpenAPI document. */
  schemaName: string;
  schema: Record<string, unknown>;
  /**
   * The header the API sends the request id back in, on every answer, besides X-Request-ID (Mender's
   * X-MEN-RequestID).
   */
  requestIdHeader?: string;
  /** The API's paths end with a slash (APIO): Nest drops it, the OpenAPI document puts it back. */
  trailingSlash?: boolean;
  /**
   * The vendor's own service ignores body and query properties it does not know (a newer client sends
   * more): they are stripped, never stored, instead of a 400. Unset: refused, as the platform's API does.
   */
  ignoresUnknownProperties?: boolean;
}

/** RFC 9457 problem details: the platform's own endpoints, and any path no module claims. */
export const problemJsonShape: ErrorShape = {
  matches: () => true,
  contentType: 'application/problem+json',
  schemaName: 'ProblemDetails',
  schema: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
    properties: {
      type: { type: 'string', example: 'about:blank' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', example: 'email must be an email' },
      instance: { type: 'string', example: '/api/v1/tenants/acme/users' },
      code: { type: 'string', description: 'Stable machine-readable code.', example: 'validation_failed' },
      requestId: { type: 'string', description: 'Same as the X-Request-ID header.' },
      errors: {
        type: 'array',
        description: 'Each invalid field, by its path.',
        items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  },
  body: (error) => ({
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance: error.path,
    code: error.code,
    requestId: error.requestId,
    ...(error.fields.length > 0 ? { errors: error.fields } : {}),
  }),
};
