import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { platformCodeFor } from './app.exception';
import type { NormalizedError } from './error-shape';
import { documentLiveness } from '../health/liveness';
import { documentIdempotencyKey } from '../idempotency/idempotency-openapi';
import type { ErrorShapes } from './error-shapes';
import { DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS } from './normalize-error';

const DESCRIPTION = `One backend for device fleets, security integrators and mobile access apps. It speaks five
device-management APIs exactly as their own documents describe them (paths, fields, status codes, error
bodies), on one platform: tenants, users and roles, Basic or Bearer authentication, audit.

Log in with \`POST /api/v1/auth/login\` (HTTP Basic) for a Bearer token, or use Basic on every call.
Errors of the platform's own endpoints are RFC 9457 \`application/problem+json\`; each vendor API keeps
its own error shape.`;

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input; the message names the field.',
  '404': 'Not found (also: a tenant that is not yours).',
  '500': 'Internal error; the body carries only the request id.',
  '503': 'The database is unavailable; nothing changed. Retry after `Retry-After` seconds.',
};

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', example: RETRY_AFTER_SECONDS },
  },
};

/** Builds the OpenAPI document, with every error response pointing at the error schema of its API. */
export function buildOpenApiDocument(app: INestApplication, shapes: ErrorShapes): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Device gateway')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('Proprietary', 'https://example.com/license')
    .addServer('/')
    .addBasicAuth(
      { type: 'http', scheme: 'basic', description: '`email:password` or `tenantId/email:password`' },
      'basic',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  document.components ??= {};
  document.components.schemas ??= {};
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const shape = shapes.forPath(path.replace(/\{[^}]+\}/g, 'x'));
    paths[shape.trailingSlash ? `${path}/` : path] = item;
    document.components.schemas[shape.schemaName] = shape.schema;
    for (const operation of Object.values(
      item as Record<
        string,
        {
          responses?: Record<string, { description: string; content?: unknown; headers?: unknown }>;
          parameters?: { in: string }[];
          requestBody?: unknown;
        }
      >,
    )) {
      const responses = (operation.responses ??= {});
      if (operation.requestBody || operation.parameters?.some((parameter) => parameter.in !== 'header')) {
        responses['400'] ??= { description: ERROR_DESCRIPTIONS['400'] };
      }
      if (path.includes('{')) responses['404'] ??= { description: ERROR_DESCRIPTIONS['404'] };
      responses['500'] ??= { description: ERROR_DESCRIPTIONS['500'] };
      (responses['503'] ??= { description: ERROR_DESCRIPTIONS['503'] }).headers = RETRY_AFTER;
      (operation as { security?: unknown[] }).security ??= []; // @Public(): no credentials needed
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        response.content = {
          [shape.contentType]: {
            schema: { $ref: `#/components/schemas/${shape.schemaName}` },
            example: shape.body(exampleError(Number(status), response.description, path)),
          },
        };
      }
    }
  }
  document.paths = paths;
  documentLiveness(document); // after the loop: no database, no 503
  documentIdempotencyKey(document);
  return document;
}

/** What the API really answers with this status, for the response's example. */
function exampleError(status: number, description: string, path: string): NormalizedError {
  const message =
    status === 500
      ? 'internal error'
      : status === 503
        ? DATABASE_UNAVAILABLE
        : description.replace(/\.$/, '').split('. ')[0];
  return {
    status,
    code: platformCodeFor(status),
    message,
    fields: [],
    headers: {},
    details: {},
    requestId: '6f1c1a52-5b7e-4d36-9a0e-0e2f8c1b7d41',
    path,
  };
}

export function setupSwaggerUi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
}
