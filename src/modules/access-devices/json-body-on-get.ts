import type { FastifyRequest } from 'fastify';
import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';

/** The options documents are a few flags: anything bigger is not one. */
const MAX_GET_BODY_BYTES = 4096;

/**
 * APIO sends options as a JSON body on GET, which Fastify leaves unread. This reads it (at most
 * 4 KiB) when the request says it is JSON; undefined when there is none.
 */
export async function jsonBodyOfGet(request: FastifyRequest): Promise<unknown> {
  if (!/json/i.test(request.headers['content-type'] ?? '')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_GET_BODY_BYTES)
      throw new AccessDevicesException(
        413,
        ApioErrorCode.REQUEST_REFUSED,
        `a GET body is at most ${MAX_GET_BODY_BYTES} bytes`,
      );
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
  } catch {
    throw AccessDevicesException.invalid(ApioErrorCode.INVALID_INPUT, 'the body is not valid JSON');
  }
}
