import type { EntityManager } from 'typeorm';
import { leanQuery } from '../database/lean-query';

const isSqlite = (manager: EntityManager) => manager.connection.options.type === 'better-sqlite3';

/**
 * Takes the lock on one external key until the transaction ends: an upsert of its row, so a write
 * (MySQL/MariaDB row lock, certified cluster-wide on Galera). SQLite has no row locks; there a
 * transaction already runs alone (see sqlite-serializer).
 */
export async function lockKey(manager: EntityManager, key: string): Promise<void> {
  const sql = isSqlite(manager)
    ? 'INSERT INTO external_key_locks (key_id, locked_at) VALUES (?, ?) ON CONFLICT (key_id) DO UPDATE SET locked_at = excluded.locked_at'
    : 'INSERT INTO external_key_locks (key_id, locked_at) VALUES (?, ?) ON DUPLICATE KEY UPDATE locked_at = VALUES(locked_at)';
  await leanQuery(manager, sql, [key, new Date()]);
}

/**
 * Takes the key's lock only if no open transaction holds it (NOWAIT): false when one does. A
 * locking read also meets a row another transaction inserted and has not committed yet.
 */
export async function tryLockKey(manager: EntityManager, key: string): Promise<boolean> {
  if (!isSqlite(manager)) {
    try {
      await leanQuery(manager, 'SELECT key_id FROM external_key_locks WHERE key_id = ? FOR UPDATE NOWAIT', [
        key,
      ]);
    } catch {
      return false; // ER_LOCK_NOWAIT (MySQL) or ER_LOCK_WAIT_TIMEOUT (MariaDB): held by a live transaction
    }
  }
  await lockKey(manager, key);
  return true;
}
