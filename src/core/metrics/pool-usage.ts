import type { DataSource } from 'typeorm';
import { sqliteQueue } from '../database/sqlite-serializer';

export interface PoolUsage {
  inUse: number;
  waiting: number;
  max: number;
}

/** The fields of mysql2's pool that say how busy it is (its own, read-only here). */
interface Mysql2Pool {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
  config: { connectionLimit: number };
}

/**
 * How busy a data source's connections are. MySQL: connections lent out and requests waiting for one
 * (mysql2's pool). SQLite: its one connection, busy or not, and the statements waiting their turn.
 */
export function poolUsage(dataSource: DataSource): PoolUsage | undefined {
  const sqlite = sqliteQueue(dataSource);
  if (sqlite) return { ...sqlite, max: 1 };
  const pool = (dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
  if (!pool?._allConnections) return undefined;
  return {
    inUse: pool._allConnections.length - pool._freeConnections.length,
    waiting: pool._connectionQueue.length,
    max: pool.config.connectionLimit,
  };
}
