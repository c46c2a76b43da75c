import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { ErrorShapes } from './core/http/error-shapes';
import { buildOpenApiDocument, setupSwaggerUi } from './core/http/openapi';
import { assignRequestId } from './core/http/request-id';
import { createLogger, NestPinoLogger } from './core/logging/logger';

/** Vendor media types such as `application/vnd.com.nsn.cumulocity.newDeviceRequest+json;ver=0.9`. */
const VENDOR_JSON = /^application\/[\w.+-]+\+json\b/i;

/** One log line per request, when it completes, with what an operator looks for. */
class CompletedRequestsOnly extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
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
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new CompletedRequestsOnly(),
    genReqId: assignRequestId,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, extraModules),
    adapter,
    {
      logger: new NestPinoLogger(logger),
      bufferLogs: true,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(
    VENDOR_JSON,
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );

  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.enableShutdownHooks();
  await app.init();
  setupSwaggerUi(app, buildOpenApiDocument(app, app.get(ErrorShapes)));
  return app;
}
