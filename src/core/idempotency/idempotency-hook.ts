import type { FastifyInstance } from 'fastify';
import type { IdempotentRequests } from './idempotent-requests';

/** Every answer passes here as it is sent, errors included: the one place an answer can be stored whole. */
export function registerIdempotencyHook(fastify: FastifyInstance, requests: IdempotentRequests): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    await requests.settle(request, reply, payload);
    return payload;
  });
}
