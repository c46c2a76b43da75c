import type { EntityManager } from 'typeorm';
import { leanQuery } from '../../../core/database/lean-query';

/**
 * One INSERT of many rows (a batch of the import is a handful of statements, not one per device).
 * `ignoreDuplicates` keeps the rows already there (INSERT IGNORE / INSERT OR IGNORE).
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  ignoreDuplicates = false,
): Promise<void> {
  if (rows.length === 0) return;
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  const verb = ignoreDuplicates ? (sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE') : 'INSERT';
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql = `${verb} INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  await leanQuery(manager, sql, rows.flat());
}

/** `(?, ?, ?)` for an IN list of that many values. */
export const placeholders = (count: number): string =>
  `(${Array.from({ length: count }, () => '?').join(', ')})`;
