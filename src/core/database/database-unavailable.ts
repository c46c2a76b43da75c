import { CannotExecuteNotConnectedError, ConnectionIsNotSetError, QueryFailedError } from 'typeorm';

/**
 * Server errors (MySQL and MariaDB share the numbers) that say the database cannot serve now,
 * not that the request is wrong: retrying later can succeed.
 */
const UNAVAILABLE_ERRNOS = new Map<number, string>([
  [1040, 'too many connections'],
  [1047, 'node not ready (Galera: not part of the primary component)'],
  [1053, 'server shutting down'],
  [1203, 'too many connections for the user'],
  [1205, 'lock wait timeout'],
  [1213, 'deadlock'],
  [1927, 'connection killed'],
]);

/** Client-side codes of a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/** SQLite: another connection holds the lock beyond busy_timeout, or the file cannot be opened, read or written. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY)/;

/** Raised without a code: mysql2's pool after close(), better-sqlite3 after close(). */
const CLOSED_MESSAGES = new Set(['Pool is closed.', 'The database connection is not open']);

interface DriverError {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
}

/**
 * Why the database could not serve this request, or undefined when the error is anything else (a
 * unique violation, a validation error, a bug). One short line for the log: the driver's code and
 * message, never the SQL or its parameters.
 */
export function databaseUnavailableCause(error: unknown): string | undefined {
  if (error instanceof ConnectionIsNotSetError || error instanceof CannotExecuteNotConnectedError)
    return error.message;
  const fromQuery = error instanceof QueryFailedError;
  const driver = (fromQuery ? error.driverError : error) as DriverError | undefined;
  if (!driver || typeof driver !== 'object') return undefined;
  const code = typeof driver.code === 'string' ? driver.code : '';
  const message = typeof driver.message === 'string' ? driver.message : '';
  const describe = (what: string) => `${what} (${[code, message].filter(Boolean).join(': ')})`;

  const errno = typeof driver.errno === 'number' ? UNAVAILABLE_ERRNOS.get(driver.errno) : undefined;
  if (errno) return describe(errno);
  if (SQLITE_UNAVAILABLE.test(code)) return describe('database locked or unreadable');
  if (CLOSED_MESSAGES.has(message)) return describe('connection pool closed');
  // mysql2 marks every error that broke its connection `fatal`; a network code alone is only the
  // database's when the driver raised it (a vendor server's ECONNREFUSED is not a database outage).
  if (driver.fatal === true || (fromQuery && CONNECTION_CODES.has(code)))
    return describe('database connection failed');
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableCause(error) !== undefined;
}
