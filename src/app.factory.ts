import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { GlobalAuthGuard } from './core/auth/auth.guard';
import { AllExceptionsFilter } from './core/http/all-exceptions.filter';
import { argumentValidation } from './core/http/argument-validation';
import { registerLiveness } from './core/health/liveness';
import { ErrorShapes } from './core/http/error-shapes';
import { serveRoutesDirectly } from './core/http/direct-routes';
import { registerJsonParser } from './core/http/json-body';
import { LeanFastifyAdapter } from './core/http/lean-fastify-adapter';
import { acceptMultipart } from './core/http/multipart-body';
import { buildOpenApiDocument, setupSwaggerUi } from './core/http/openapi';
import { registerRequestContext } from './core/http/request-context';
import { prepareRouteHandlers } from './core/http/route-handlers';
import { assignRequestId } from './core/http/request-id';
import { registerIdempotencyHook } from './core/idempotency/idempotency-hook';
import { IdempotentRequests } from './core/idempotency/idempotent-requests';
import { createLogger, NestPinoLogger } from './core/logging/logger';
import { Metrics } from './core/metrics/metrics';
import { requestPipeline } from './core/transaction/request-pipeline';

/**
 * What happens as each request completes: one log line with what an operator looks for, and the
 * request's observation in the metrics. Fastify calls it for every request (the app has a logger: with
 * none and no onResponse hook, it would not), after the onResponse hooks, so the metrics need no hook of
 * their own (each hook is a turn of the runner on every request). It runs in the answer's `finish`
 * listener, where a throw would end the process: nothing here may throw.
 */
class CompletedRequests extends LogController {
  /** Set once Nest has built the app, before it serves anything. */
  metrics?: Metrics;

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    this.metrics?.observeRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    const line = {
      reqId: request.id,
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request completed');
  }
}

/** Builds the whole application (used by main, by the OpenAPI generator and by the e2e tests). */
export async function createApp(
  config: AppConfig,
  extraModules: Type[] = [],
): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel);
  const completed = new CompletedRequests();
  const adapter = new LeanFastifyAdapter({
    loggerInstance: logger,
    logController: completed,
    genReqId: assignRequestId,
    // No pino child per request just to bind its id (bindings cloned, redacted and serialized on every
    // request): the completed line carries the id itself, and whatever is logged while a request is
    // served gets it from the request context (the logger's mixin).
    childLoggerFactory: (root: FastifyBaseLogger) => root,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    // Node's own limit on receiving a whole request, which Fastify's default (0) turns off: a client
    // trickling a body (up to the 20 MiB of a bulk upload) holds its connection 5 minutes at most.
    requestTimeout: 300_000,
    // Ids up to Cumulocity's 1000 characters, percent-encoded (up to 12 characters each) in a path
    // (Fastify's default stops path parameters at 100). Node's 16 KiB header limit still bounds the line.
    // Nest registers routes without their trailing slash; APIO's paths have one, so both must match.
    routerOptions: { maxParamLength: 12_000, ignoreTrailingSlash: true },
    // Router errors (bad URL encoding) are answered in the API's own error shape, like any other.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      void late.filter?.render(error, request, reply),
  });
  // The filter exists only once Nest has built the app, after the adapter that needs it.
  const late: { filter?: AllExceptionsFilter } = {};
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, extraModules),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      bufferLogs: true,
      bodyParser: false, // our JSON parser (core/http/json-body.ts) replaces Nest's
      abortOnError: false, // a start-up failure rejects (main prints it and exits 1) instead of exiting here
    },
  );
  const filter = app.get(AllExceptionsFilter);
  late.filter = filter;
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonParser(fastify);
  acceptMultipart(fastify);
  registerLiveness(fastify);

  registerRequestContext(fastify, app.get(ClsService), app.get(ErrorShapes));
  // Validation runs first, then the pipeline (a transaction opens only for a valid request).
  prepareRouteHandlers(app, [requestPipeline, argumentValidation]);
  serveRoutesDirectly(app, { guards: [app.get(GlobalAuthGuard)], filter });
  completed.metrics = app.get(Metrics);
  registerIdempotencyHook(fastify, app.get(IdempotentRequests));

  app.enableShutdownHooks();
  await app.init();
  setupSwaggerUi(app, buildOpenApiDocument(app, app.get(ErrorShapes)));
  return app;
}
