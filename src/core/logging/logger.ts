import type { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Paths never written to a log line, whatever a caller logs by mistake. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.secret',
];

/**
 * One pino instance for Fastify and Nest alike: JSON lines, secrets redacted, and the request id
 * on every line written while a request is being served (Fastify binds it to its request logger,
 * the mixin adds it to everything else from the CLS context).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin(_merge, _level, logger) {
        const cls = ClsServiceManager.getClsService();
        if (!cls.isActive() || 'reqId' in logger.bindings()) return {};
        return { reqId: cls.getId() };
      },
    },
    destination,
  );
}

/** Nest's LoggerService on top of the same pino instance. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
