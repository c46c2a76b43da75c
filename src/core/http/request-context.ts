import type { FastifyInstance } from 'fastify';
import { CLS_ID, CLS_REQ, type ClsService } from 'nestjs-cls';

/**
 * Opens each request's context (nestjs-cls: the transaction, audit and compensation scope live in it;
 * it holds the request id and the raw request, as nestjs-cls's middleware stored them) in a Fastify
 * onRequest hook, and sends the request id back on every answer. nestjs-cls's own middleware does the
 * same through middie, with several awaits and middie's copying of request fields on every request;
 * these are two synchronous calls. Added before Nest registers its routes, so every route and the 404
 * run in the context.
 */
export function registerRequestContext(fastify: FastifyInstance, cls: ClsService): void {
  fastify.addHook('onRequest', (request, _reply, done) =>
    cls.runWith({ [CLS_ID]: request.id, [CLS_REQ]: request.raw }, done),
  );
  // onSend, not here: an answer Fastify gives before the hooks (a malformed URL) carries it too.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
}
