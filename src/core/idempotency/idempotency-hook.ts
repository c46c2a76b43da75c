import type { FastifyInstance, onSendHookHandler, RouteOptions } from 'fastify';
import { STATE_CHANGING } from './idempotency-key-header';
import type { IdempotentRequests } from './idempotent-requests';

/**
 * Every answer of a route that can hold a key (a state-changing method) passes here as it is sent,
 * errors included: the one place an answer can be stored whole. A hook of those routes only, added
 * as each is registered: reads never hold a key, and a hook on every route cost every request a turn
 * of Fastify's hook runner. A callback hook, not an async one: requests without a key (nearly all)
 * pass without a promise.
 */
export function registerIdempotencyHook(fastify: FastifyInstance, requests: IdempotentRequests): void {
  const settle: onSendHookHandler = (request, reply, payload, done) => {
    if (!requests.holdsKey(request)) return done(null, payload);
    requests.settle(request, reply, payload).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  };
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (!methods.some((method) => STATE_CHANGING.has(method))) return;
    route.onSend = [...[route.onSend ?? []].flat(), settle];
  });
}
