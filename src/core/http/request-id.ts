import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header names a caller may send its own request id in, Mender's first (its clients read it back). */
const REQUEST_ID_HEADERS = ['x-men-requestid', 'x-request-id'];
const SAFE_ID = /^[\w.:@=+/-]{1,128}$/;

/** Fastify's genReqId: the caller's id when it is a sane token, a UUID otherwise. */
export function assignRequestId(raw: IncomingMessage): string {
  const given = REQUEST_ID_HEADERS.map((name) => raw.headers[name]).find(
    (value) => typeof value === 'string',
  );
  return given !== undefined && SAFE_ID.test(given) ? given : randomUUID();
}
