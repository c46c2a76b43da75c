import type { EntityManager } from 'typeorm';

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
export async function leanQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<LeanResult<T>> {
  const params = parameters.map((value) => (value instanceof Date ? sqlTimestamp(value) : value));
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return { records: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}

/** A DATETIME(3) column as read by a lean query: mysql2 gives a Date, better-sqlite3 the stored text (UTC). */
export function readTimestamp(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}
