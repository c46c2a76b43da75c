import type { Pool, PoolConnection } from 'mysql2';
import { type ClsStore, ClsServiceManager } from 'nestjs-cls';
import { type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { retryAfter } from './deadlock-retry';

export interface LeanResult<T> {
  records: T[];
  affected: number;
}

/** DATETIME(3) text both databases store and compare as TypeORM writes it. */
const sqlTimestamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

/**
 * One hand-written statement, for hot paths (ARCHITECTURE rule 8): no query builder, no entity
 * mapping. `?` placeholders work on both databases; the result has the same shape on both
 * (rows read, rows changed). Runs inside the request's transaction when there is one.
 */
export function leanQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<LeanResult<T>> {
  const params = parameters.map((value) => (value instanceof Date ? sqlTimestamp(value) : value));
  // Not an async function: on MySQL its promise is the statement's own.
  const pool = mysqlPool(manager);
  const runner = manager.queryRunner;
  if (pool && !runner) return poolQuery<T>(pool, sql, params);
  const connection = pool && runner && transactionConnection(runner);
  return connection ? connectionQuery<T>(connection, sql, params) : runnerQuery<T>(manager, sql, params);
}

/** On SQLite, or in a transaction not yet connected, through a TypeORM query runner. */
async function runnerQuery<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<LeanResult<T>> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return { records: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}

/** MySQL's connection pool; SQLite has none. */
function mysqlPool(manager: EntityManager): Pool | undefined {
  const driver = manager.connection.driver as { pool?: Pool };
  return manager.connection.options.type === 'better-sqlite3' ? undefined : driver.pool;
}

/** The mysql2 connection a MySQL query runner holds once connected (its transaction started on it). */
function transactionConnection(runner: QueryRunner): PoolConnection | undefined {
  return runner.isReleased
    ? undefined
    : (runner as { databaseConnection?: PoolConnection }).databaseConnection;
}

/**
 * A statement in the request's transaction on MySQL, straight on the connection the transaction holds.
 * Through the runner, TypeORM would add its query events, a copy of the results and mysql2's promise
 * layer to each statement (bench/README, credentials-poll). No retry: a statement of a transaction
 * that lost to contention lost the whole transaction, which its owner retries.
 */
function connectionQuery<T>(
  connection: PoolConnection,
  sql: string,
  params: unknown[],
): Promise<LeanResult<T>> {
  return new Promise((resolve, reject) =>
    connection.query(sql, params, (error, raw) =>
      error ? reject(new QueryFailedError(sql, params, error)) : resolve(leanResult<T>(raw)),
    ),
  );
}

/**
 * A statement outside a transaction straight on mysql2's pool: TypeORM's query runner costs more than
 * the statement's own client work (a runner, its events and results copied per statement; issue 12).
 * Errors are TypeORM's QueryFailedError, as from a runner, so callers tell them apart the same way.
 * A statement that lost to contention changed nothing and runs again (retryAfter): on a Galera cluster
 * two nodes inserting one new row at once (a mobile user's profile on concurrent first logins) conflict
 * at certification, and the loser gets a deadlock error where a single server gives a duplicate key.
 * The retry is decided in the statement's callback: one promise a statement, none chained to it.
 */
function poolQuery<T>(pool: Pool, sql: string, params: unknown[]): Promise<LeanResult<T>> {
  const started = Date.now();
  // mysql2 calls back in its socket's async context, not the caller's: the retry runs in the caller's.
  const cls = ClsServiceManager.getClsService();
  const context = cls.get<ClsStore | undefined>() ?? {};
  const attempt = (first: boolean): Promise<LeanResult<T>> =>
    new Promise((resolve, reject) =>
      pool.query(sql, params, (error, raw) => {
        if (!error) resolve(leanResult<T>(raw));
        else if (first) {
          const failure = new QueryFailedError(sql, params, error);
          resolve(cls.runWith(context, () => retryAfter(failure, () => attempt(false), started)));
        } else reject(new QueryFailedError(sql, params, error));
      }),
    );
  return attempt(true);
}

/** Rows read, or the count of rows changed, from what mysql2 answered. */
function leanResult<T>(raw: unknown): LeanResult<T> {
  if (Array.isArray(raw)) return { records: raw as T[], affected: 0 };
  return { records: [], affected: (raw as { affectedRows?: number }).affectedRows ?? 0 };
}

/** A DATETIME(3) column as read by a lean query: mysql2 gives a Date, better-sqlite3 the stored text (UTC). */
export function readTimestamp(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
