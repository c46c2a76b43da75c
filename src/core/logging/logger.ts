import type { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Keys whose values are never written to a log line, at any depth, whatever a caller logs by mistake. */
const SECRET_KEY = /password|secret|token|authorization|cookie|^jwt$/i;
const CENSOR = '[redacted]';
/** Deeper than this a logged object is cut (a cycle ends here too). */
const MAX_DEPTH = 8;

/**
 * The object of a log line with every secret's value replaced, however deep it sits in plain objects
 * and arrays: a copy (the caller's object is left as it is). Errors are serialized first, by pino's own
 * serializer, so what they carry (a failed call's headers) is searched too. Any other class instance
 * (Fastify's request and reply, a Date) is written as pino writes it: by its serializer, or as JSON.
 * pino's `redact` paths reached one level under a wildcard: `{ password }` at the top, or two levels
 * down, was written in clear.
 */
function censored(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return censored({ ...pino.stdSerializers.err(value) }, depth);
  if (Array.isArray(value)) return value.map((item: unknown) => censored(item, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = SECRET_KEY.test(key) ? CENSOR : censored(item, depth + 1);
  return copy;
}

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
      formatters: { log: (object) => censored(object) as Record<string, unknown> },
      // Serialized by `censored` already: pino's own would serialize that copy again.
      serializers: { err: (error: unknown) => error },
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
