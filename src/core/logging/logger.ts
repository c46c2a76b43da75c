import type { LoggerService } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Keys whose values are never written to a log line, at any depth, whatever a caller logs by mistake. */
const SECRET_KEY = /password|secret|token|authorization|cookie|^jwt$/i;
const CENSOR = '[redacted]';
/** Deeper than this a logged object is cut. */
const MAX_DEPTH = 8;
/** What pino's error serializer makes (an error's inner errors too): walked like a plain object. */
const SERIALIZED_ERROR: unknown = Object.getPrototypeOf(pino.stdSerializers.err(new Error()));

/**
 * The object of a log line with every secret's value replaced, however deep it sits in plain objects
 * and arrays: a copy (the caller's object is left as it is). Errors are serialized first, by pino's own
 * serializer, so what they carry (a failed call's headers, an inner error) is searched too. Any other
 * class instance (Fastify's request and reply, a Date) is written as pino writes it: by its serializer,
 * or as JSON. Each object is copied once (`copies`): a cycle stays a cycle, which pino writes as
 * `[Circular]`, and a shared object costs one copy. pino's `redact` paths reached one level under a
 * wildcard: `{ password }` at the top, or two levels down, was written in clear.
 */
function censored(value: unknown, depth = 0, copies = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (copies.has(value)) return copies.get(value);
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return censored(pino.stdSerializers.err(value), depth, copies);
  const prototype: unknown = Object.getPrototypeOf(value);
  const walked = [Object.prototype, null, SERIALIZED_ERROR].includes(prototype) || Array.isArray(value);
  if (!walked) return value;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  copies.set(value, copy);
  for (const [key, item] of Object.entries(value))
    (copy as Record<string, unknown>)[key] = SECRET_KEY.test(key)
      ? CENSOR
      : censored(item, depth + 1, copies);
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
      formatters: {
        log: (object) => censored(object) as Record<string, unknown>,
        bindings: (bindings) => censored(bindings) as Record<string, unknown>,
      },
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

/**
 * What a caller gave Nest's logger, as pino's arguments: an error as `err` (its stack kept), an object as
 * the line's fields (its `msg` the message), anything else as the message text.
 */
function pinoArguments(fields: Record<string, unknown>, message: unknown): [object, string?] {
  if (message instanceof Error) return [{ ...fields, err: message }, message.message];
  if (typeof message === 'object' && message !== null) return [{ ...fields, ...message }];
  return [fields, String(message)];
}

/** Nest's LoggerService on top of the same pino instance. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    const level = context !== undefined && START_UP_CONTEXTS.has(context) ? 'debug' : 'info';
    this.logger[level](...pinoArguments({ context }, message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error(...pinoArguments({ context, trace }, message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn(...pinoArguments({ context }, message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug(...pinoArguments({ context }, message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace(...pinoArguments({ context }, message));
  }
}
