import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The webhook dispatcher and the compensation reconciler poll on their own timers (1 s, 5 s): their
 * statements are not the action's. The actions measured here (polls) touch neither table.
 */
const BACKGROUND = /\bFROM [`"]?(webhook_deliveries|compensations|compensation_commits)\b/;

/**
 * The SQL statements the app runs while `action` runs, in order (every query runner it creates, and on
 * MySQL the lean statements sent straight to the pool), without the background loops' own.
 */
export async function statementsDuring(
  dataSource: DataSource,
  action: () => Promise<unknown>,
): Promise<string[]> {
  const statements: string[] = [];
  let recording = true;
  const wrapped = new WeakSet<QueryRunner>(); // SQLite hands out the same runner every time
  const record = (sql: string) => {
    if (recording && !BACKGROUND.test(sql)) statements.push(sql);
  };
  const pool = (dataSource.driver as { pool?: { query: (...args: unknown[]) => unknown } }).pool;
  const poolQuery = pool?.query;
  if (pool && poolQuery)
    pool.query = (sql: unknown, ...rest: unknown[]) => {
      record(sql as string);
      return poolQuery.call(pool, sql, ...rest);
    };
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
  try {
    await action();
  } finally {
    recording = false;
    dataSource.createQueryRunner = create;
    if (pool && poolQuery) pool.query = poolQuery;
  }
  return statements;
}
