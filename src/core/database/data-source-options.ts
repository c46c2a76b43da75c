import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../../config/app-config';
import { mysql2Driver } from './mysql2-driver';
import type { MysqlDialect } from './server-dialect';

const SRC = join(__dirname, '..', '..');
const MAIN = {
  entities: [join(SRC, '**', 'entities', '*.entity.{ts,js}')],
  migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
  migrationsTableName: 'migrations',
};
const JOURNAL = {
  entities: [join(SRC, 'core', 'transaction', 'journal', '*.entity.{ts,js}')],
  migrations: [join(SRC, 'core', 'transaction', 'journal', 'migrations', '*.{ts,js}')],
  migrationsTableName: 'journal_migrations',
};

/**
 * The application's DataSource: SQLite (embedded default) or MySQL/MariaDB. `dialect`: what the
 * server said it is (see server-dialect.ts); without it the URL's scheme decides.
 */
export function mainDataSourceOptions(database: DatabaseConfig, dialect?: MysqlDialect): DataSourceOptions {
  return database.kind === 'sqlite' ? sqlite(database.file, MAIN) : mysql(database.url, MAIN, 10, dialect);
}

/**
 * The compensation journal must be written outside the request's transaction (an undo is recorded
 * before the external call, and must survive a rollback or a crash). MySQL: its own small pool on
 * the same database. SQLite allows one writer per file, so there it is a second file.
 */
export function journalDataSourceOptions(
  database: DatabaseConfig,
  dialect?: MysqlDialect,
): DataSourceOptions {
  return database.kind === 'sqlite'
    ? sqlite(database.journalFile, JOURNAL)
    : mysql(database.url, JOURNAL, 2, dialect);
}

type Sources = typeof MAIN;

function sqlite(file: string, sources: Sources): DataSourceOptions {
  mkdirSync(dirname(file), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: file,
    ...sources,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}

function mysql(url: string, sources: Sources, poolSize: number, dialect?: MysqlDialect): DataSourceOptions {
  return {
    type: dialect ?? (url.startsWith('mariadb:') ? 'mariadb' : 'mysql'),
    url: url.replace(/^mariadb:/, 'mysql:'),
    driver: mysql2Driver,
    ...sources,
    poolSize,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    connectTimeout: 10_000,
    // mysql2's promise API, which TypeORM's query runner uses (every statement in a transaction), would
    // capture the caller's stack on every statement to put it on a driver error: ~15 µs a statement, 7 %
    // of a Cumulocity bootstrap poll (bench/README, credentials-poll). TypeORM wraps a driver error in a
    // QueryFailedError made where the runner awaited it, which carries the caller's async stack anyway.
    trace: false,
    extra: { connectionLimit: poolSize, maxIdle: poolSize },
  };
}
