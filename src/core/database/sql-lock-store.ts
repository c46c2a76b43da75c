import type { DataSource } from 'typeorm';
import type { LockStore } from './migration-lock';

/** Lock rows live outside the migrations: the lock must exist before the first migration runs. */
export const CREATE_LOCK_TABLE = `CREATE TABLE IF NOT EXISTS schema_locks (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  holder VARCHAR(128) NOT NULL,
  expires_at DATETIME(3) NOT NULL
) ENGINE=InnoDB`;

const affected = (result: unknown): number => (result as { affectedRows?: number }).affectedRows ?? 0;

/**
 * The lock as a row of a replicated table (MySQL / MariaDB / Galera). Every step is a write on the row's
 * primary key, so two instances on different cluster nodes conflict at certification; the server's clock
 * decides expiry.
 */
export class SqlLockStore implements LockStore {
  constructor(private readonly dataSource: DataSource) {}

  async prepare(): Promise<void> {
    await this.dataSource.query(CREATE_LOCK_TABLE);
  }

  async take(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const takenOver: unknown = await this.dataSource.query(
      `UPDATE schema_locks SET holder = ?, expires_at = NOW(3) + INTERVAL ? MICROSECOND
       WHERE name = ? AND (holder = ? OR expires_at < NOW(3))`,
      [holder, ttlMs * 1000, name, holder],
    );
    if (affected(takenOver) === 1) return true;
    // No row, or a live holder's row: the insert succeeds only in the first case (duplicate key otherwise).
    await this.dataSource.query(
      'INSERT INTO schema_locks (name, holder, expires_at) VALUES (?, ?, NOW(3) + INTERVAL ? MICROSECOND)',
      [name, holder, ttlMs * 1000],
    );
    return true;
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      'UPDATE schema_locks SET expires_at = NOW(3) + INTERVAL ? MICROSECOND WHERE name = ? AND holder = ?',
      [ttlMs * 1000, name, holder],
    );
    return affected(result) === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.dataSource.query('DELETE FROM schema_locks WHERE name = ? AND holder = ?', [name, holder]);
  }
}
