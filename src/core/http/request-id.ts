import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[\w.:@=+/-]{1,128}$/;

/**
 * Fastify's genReqId: the caller's id when it is a sane token, a UUID otherwise. Mender's header is
 * read first (its clients read it back), then X-Request-ID; plain reads, as this runs on every request.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const given = raw.headers['x-men-requestid'] ?? raw.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}
