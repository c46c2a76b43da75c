import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../config/app-config';
import { journalDataSourceOptions, mainDataSourceOptions } from './data-source-options';
import { withLock } from './migration-lock';
import { dialectFor } from './server-dialect';
import { SqlLockStore } from './sql-lock-store';
import { serializeStatements } from './sqlite-serializer';

/** Names one migration run in the lock row (unique even for two instances in one process). */
const holder = () => `${hostname()}:${process.pid}:${randomUUID()}`;

/**
 * Connects and brings the schema up to date. Used at start-up, by the drift check and by tests.
 * MySQL/MariaDB: instances starting together (on one server or on the nodes of a cluster) migrate one
 * at a time under a lock row named after the migrations table, so the journal has its own.
 */
export async function openDataSource(options: ReturnType<typeof mainDataSourceOptions>): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const migrate = () => dataSource.runMigrations({ transaction: 'each' });
  try {
    if (options.type === 'better-sqlite3') {
      serializeStatements(dataSource);
      await migrate();
    } else {
      const store = new SqlLockStore(dataSource);
      await store.prepare();
      await withLock(store, options.migrationsTableName ?? 'migrations', holder(), migrate);
    }
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

export async function openMainDataSource(database: DatabaseConfig): Promise<DataSource> {
  return openDataSource(mainDataSourceOptions(database, await dialectFor(database)));
}

export async function openJournalDataSource(database: DatabaseConfig): Promise<DataSource> {
  return openDataSource(journalDataSourceOptions(database, await dialectFor(database)));
}
