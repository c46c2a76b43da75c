import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../../config/app-config';
import { journalDataSourceOptions, mainDataSourceOptions } from './data-source-options';
import { dialectFor } from './server-dialect';
import { serializeStatements } from './sqlite-serializer';

/** MySQL advisory lock so several instances starting together migrate one at a time. */
const MIGRATION_LOCK = 'device_gateway_migrations';

/** Connects and brings the schema up to date. Used at start-up, by the drift check and by tests. */
export async function openDataSource(options: ReturnType<typeof mainDataSourceOptions>): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  const mysql = options.type !== 'better-sqlite3';
  if (!mysql) serializeStatements(dataSource);
  if (mysql) await dataSource.query('SELECT GET_LOCK(?, 60)', [MIGRATION_LOCK]);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    if (mysql) await dataSource.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
  }
  return dataSource;
}

export async function openMainDataSource(database: DatabaseConfig): Promise<DataSource> {
  return openDataSource(mainDataSourceOptions(database, await dialectFor(database)));
}

export async function openJournalDataSource(database: DatabaseConfig): Promise<DataSource> {
  return openDataSource(journalDataSourceOptions(database, await dialectFor(database)));
}
