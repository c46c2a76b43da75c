import { QueryFailedError } from 'typeorm';

const driverCode = (error: unknown) =>
  error instanceof QueryFailedError ? ((error.driverError as { code?: string } | undefined)?.code ?? '') : '';

/** A duplicate key on either database (MySQL ER_DUP_ENTRY, SQLite UNIQUE/PRIMARY KEY constraint). */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * A value longer than its column holds (MySQL strict mode; SQLite does not check lengths). The input
 * checks count as the columns do for nearly everything, not for all (a character and its variation
 * selector are one to a length check, two to MySQL): such a value is the client's to shorten.
 */
export function isValueTooLong(error: unknown): boolean {
  return driverCode(error) === 'ER_DATA_TOO_LONG';
}

/** InnoDB chose this transaction as a deadlock victim: it was rolled back whole and may be run again. */
export function isDeadlock(error: unknown): boolean {
  return driverCode(error) === 'ER_LOCK_DEADLOCK';
}

/**
 * Contention that running the whole transaction again resolves: a deadlock victim, a Galera
 * certification conflict (also 1213), or a lock wait that timed out (1205).
 */
export function isContention(error: unknown): boolean {
  return isDeadlock(error) || driverCode(error) === 'ER_LOCK_WAIT_TIMEOUT';
}
