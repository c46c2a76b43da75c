import { type ArgumentsHost, Catch, type ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { StoredAnswerReplay } from '../idempotency/idempotency.guard';
import { ErrorShapes } from './error-shapes';
import { normalizeError } from './normalize-error';
import { echoRequestId } from './request-context';

const CHALLENGE = 'Basic realm="device-gateway", Bearer realm="device-gateway"';

/**
 * The one exception filter. Renders every error in the shape of the API the path belongs to,
 * records failed state-changing requests in the audit log (outside the rolled-back transaction),
 * and never lets a stack trace, SQL or internal message reach the client. A replayed idempotent answer
 * (thrown by IdempotencyGuard) passes through it unchanged.
 */
@Catch()
@Injectable()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly shapes: ErrorShapes,
    private readonly audit: AuditService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    // Nest also routes Fastify's own errors here (body too large, bad JSON, unknown route).
    await this.render(
      exception,
      host.switchToHttp().getRequest<FastifyRequest>(),
      host.switchToHttp().getResponse<FastifyReply>(),
    );
  }

  /** Also Fastify's frameworkErrors handler, for router errors raised before Nest sees the request. */
  async render(exception: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (exception instanceof StoredAnswerReplay) return exception.send(reply); // not an error: an answer
    const error = normalizeError(exception);
    const path = request.url.split('?')[0];
    if (error.internal)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
    if (error.outage) this.logger.error(`${request.method} ${path} answered 503: ${error.outage}`);
    await this.audit.recordFailure(request, error.status);

    const shape = this.shapes.forRequest(request);
    const normalized = { ...error, requestId: request.id, path };
    const headers = { ...error.headers };
    if (error.status === 401 && !headers['www-authenticate']) headers['www-authenticate'] = CHALLENGE;
    if (reply.sent) return;
    echoRequestId(reply, request.id, shape);
    void reply.status(error.status).headers(headers).type(shape.contentType).send(shape.body(normalized));
  }
}
