import type { FastifyInstance, FastifyRequest } from 'fastify';

const MULTIPART = 'multipart/form-data';

/**
 * Lets a multipart body through unread, for a route that streams it (Cumulocity's bulk import). Not
 * @fastify/multipart: its hooks (for files it saves to disk, which this service never does) ran on
 * every request of every route, ~7 % of a poll's CPU (bench/README, issue 12, eighth pass).
 */
export function acceptMultipart(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(MULTIPART, (_request, _payload, done) => done(null));
}

export function isMultipart(request: FastifyRequest): boolean {
  return request.headers['content-type']?.toLowerCase().startsWith(MULTIPART) ?? false;
}
