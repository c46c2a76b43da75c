import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLS_ID, CLS_REQ, type ClsService, ClsServiceManager } from 'nestjs-cls';

const REQUEST = Symbol('fastify-request');
const REPLY = Symbol('fastify-reply');

/**
 * Opens each request's context (nestjs-cls: the transaction, audit and compensation scope live in it;
 * it holds the request id and the raw request, as nestjs-cls's middleware stored them, and Fastify's
 * request and reply for code that Nest calls without them: currentExchange) in a Fastify
 * onRequest hook, and sends the request id back on every answer. nestjs-cls's own middleware does the
 * same through middie, with several awaits and middie's copying of request fields on every request;
 * these are two synchronous calls. Added before Nest registers its routes, so every route and the 404
 * run in the context.
 */
export function registerRequestContext(fastify: FastifyInstance, cls: ClsService): void {
  fastify.addHook('onRequest', (request, reply, done) =>
    cls.runWith({ [CLS_ID]: request.id, [CLS_REQ]: request.raw, [REQUEST]: request, [REPLY]: reply }, done),
  );
  // onSend, not here: an answer Fastify gives before the hooks (a malformed URL) carries it too.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
}

/** The request being served and its reply, for code Nest calls while serving it (a route handler). */
export function currentExchange(): { request: FastifyRequest; reply: FastifyReply } {
  // The process-wide ClsService: every app in the process shares nestjs-cls's one async context.
  const cls = ClsServiceManager.getClsService();
  const request = cls.get<FastifyRequest | undefined>(REQUEST);
  if (!request) throw new Error('currentExchange() called outside a request');
  return { request, reply: cls.get<FastifyReply>(REPLY) };
}
