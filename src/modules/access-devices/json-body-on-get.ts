import type { FastifyRequest } from 'fastify';
import { parseJsonText } from '../../core/http/json-body';
import { AccessDevicesException } from './access-devices.exception';
import { ApioErrorCode } from './apio-error-codes';

/** The options documents are a few flags: anything bigger is not one. */
const MAX_GET_BODY_BYTES = 4096;

/**
 * APIO sends options as a JSON body on GET, which Fastify leaves unread. This reads it (at most
 * 4 KiB) when the request says it is JSON, and parses it as every body is; undefined when there is none.
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
  return text.trim() === '' ? undefined : parseJsonText(request.server, request, text);
}
