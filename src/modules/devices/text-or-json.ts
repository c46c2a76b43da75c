import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Genetec's clients call activate, deactivate and canmanage with `accept: text/plain`: they get the
 * plain word; anyone else gets JSON.
 */
export function textOrJson<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  json: T,
  text: string,
): T | string {
  const accept = request.headers.accept ?? '';
  if (!/\btext\/plain\b/i.test(accept) || /\bapplication\/json\b/i.test(accept)) return json;
  void reply.type('text/plain; charset=utf-8');
  return text;
}
