import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';

const PATH = '/health/live';
/** What terminus answers for a check with no indicators, which is what liveness is. */
const LIVE = { status: 'ok', info: {}, error: {}, details: {} } as const;

/**
 * GET /health/live as a Fastify route, not a Nest one. A probe asks every few seconds whether the event
 * loop answers: no credentials, input or database, nothing for a guard, pipe or interceptor to do, and
 * Nest's route pipeline around a handler cost more than everything else such a request does (~12 of
 * ~25 µs of CPU here). Fastify's hooks still run on it: request id, metrics, the completed-request log
 * line; the request context does not open for it, since nothing here reads one. Registered before
 * `app.init()`, like the hooks.
 */
export function registerLiveness(fastify: FastifyInstance): void {
  fastify.get(PATH, { config: { requestContext: false } }, (_request, reply) =>
    reply.header('cache-control', 'no-cache, no-store, must-revalidate').send(LIVE),
  );
}

/** Its operation in the OpenAPI document, which Nest's scanner cannot see. */
export function documentLiveness(document: OpenAPIObject): void {
  const empty = { type: 'object', example: {} };
  document.paths[PATH] = {
    get: {
      operationId: 'healthLive',
      summary: 'Liveness: the process answers',
      tags: ['Platform: health'],
      security: [],
      responses: {
        '200': {
          description: 'The process answers',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: Object.keys(LIVE),
                properties: {
                  status: { type: 'string', enum: ['ok'] },
                  info: empty,
                  error: empty,
                  details: empty,
                },
              },
            },
          },
        },
      },
    },
  };
}
