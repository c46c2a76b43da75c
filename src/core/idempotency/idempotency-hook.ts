import type { FastifyInstance } from 'fastify';
import type { IdempotentRequests } from './idempotent-requests';

/**
 * Every answer passes here as it is sent, errors included: the one place an answer can be stored whole.
 * A callback hook, not an async one: the requests without a key (nearly all) pass without a promise.
 */
export function registerIdempotencyHook(fastify: FastifyInstance, requests: IdempotentRequests): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!requests.holdsKey(request)) return done(null, payload);
    requests.settle(request, reply, payload).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  });
}
