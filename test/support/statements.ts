import { PoolConnection } from 'mysql2';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The webhook dispatcher and the compensation reconciler poll on their own timers (1 s, 5 s): their
 * statements are not the action's. The actions measured here (polls) touch neither table.
 */
const BACKGROUND = /\bFROM [`"]?(webhook_deliveries|compensations|compensation_commits)\b/;

/**
 * The SQL statements the app runs while `action` runs, in order, without the background loops' own. On
 * MySQL every statement reaches a pooled mysql2 connection, whichever way it is sent (the pool, a query
 * runner, a lean statement in a transaction): those are recorded. On SQLite, every query runner's.
 */
export async function statementsDuring(
  dataSource: DataSource,
  action: () => Promise<unknown>,
): Promise<string[]> {
  const statements: string[] = [];
  let recording = true;
  const record = (sql: string) => {
    if (recording && !BACKGROUND.test(sql)) statements.push(sql);
  };
  const undo =
    dataSource.options.type === 'better-sqlite3' ? recordRunners(dataSource, record) : recordMysql(record);
  try {
    await action();
  } finally {
    recording = false;
    undo();
  }
  return statements;
}

/** mysql2 hands the pool's statements to the connection as a Query command, the others as text. */
function recordMysql(record: (sql: string) => void): () => void {
  const query = PoolConnection.prototype.query;
  PoolConnection.prototype.query = function (this: PoolConnection, sql: unknown, ...rest: unknown[]) {
    record(typeof sql === 'string' ? sql : (sql as { sql: string }).sql);
    return (query as (...args: unknown[]) => unknown).call(this, sql, ...rest);
  } as typeof query;
  return () => {
    PoolConnection.prototype.query = query;
  };
}

function recordRunners(dataSource: DataSource, record: (sql: string) => void): () => void {
  const wrapped = new WeakSet<QueryRunner>(); // SQLite hands out the same runner every time
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => {
    const runner = create(mode);
    if (!wrapped.has(runner)) {
      wrapped.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = ((sql: string, ...rest: unknown[]) => {
        record(sql);
        return query(sql, ...rest);
      }) as QueryRunner['query'];
    }
    return runner;
  };
  return () => {
    dataSource.createQueryRunner = create;
  };
}
