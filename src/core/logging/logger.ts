import type { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

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

/** Nest's start-up chatter (a line per module and per route): debug, so the first screen stays readable. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Readable lines for a person at a terminal, JSON lines for everything else (collectors, files, pipes). */
export function logFormatFor(stdout: { isTTY?: boolean }): 'pretty' | 'json' {
  return stdout.isTTY ? 'pretty' : 'json';
}

/** Where lines go by default: stdout, through pino-pretty (synchronously, in process) when it is a terminal. */
function defaultDestination(): DestinationStream | undefined {
  if (logFormatFor(process.stdout) === 'json') return undefined;
  return pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

/**
 * One pino instance for Fastify and Nest alike: JSON lines (pretty ones at a terminal), secrets
 * redacted, and the request id on every line written while a request is being served (the mixin adds
 * it from the CLS context; a line that names its own, as the completed-request line does, keeps it).
 */
export function createLogger(level: string, destination = defaultDestination()): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin() {
        const cls = ClsServiceManager.getClsService();
        return cls.isActive() ? { reqId: cls.getId() } : {};
      },
    },
    destination,
  );
}

/** Nest's LoggerService on top of the same pino instance. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    if (context !== undefined && START_UP_CONTEXTS.has(context))
      this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
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
