import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Header names a caller may send its own request id in, Mender's first (its clients read it back). */
const REQUEST_ID_HEADERS = ['x-men-requestid', 'x-request-id'];
const SAFE_ID = /^[\w.:@=+/-]{1,128}$/;
const ids = new WeakMap<IncomingMessage, string>();

/**
 * Fastify's genReqId: the caller's id when it is a sane token, a UUID otherwise. Remembered
 * on the raw request so the CLS middleware (which sees only the raw request) reuses it.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const given = REQUEST_ID_HEADERS.map((name) => raw.headers[name]).find(
    (value) => typeof value === 'string',
  );
  const id = given !== undefined && SAFE_ID.test(given) ? given : randomUUID();
  ids.set(raw, id);
  return id;
}

export function requestIdOf(raw: IncomingMessage): string {
  return ids.get(raw) ?? assignRequestId(raw);
}
